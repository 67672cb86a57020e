using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Core.Consortium;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger consortium application</c>: an enterprise's signed application to the whitelist.</summary>
public static class ConsortiumCommand
{
    public static Command Create(CliEnvironment env)
    {
        var consortium = new Command("consortium", "The whitelist: applications of enterprises to join the consortium");
        consortium.Subcommands.Add(Application(env));
        return consortium;
    }

    private static Command Application(CliEnvironment env)
    {
        var ca = new Option<string>("--ca") { Description = "The applicant's own CA file (ledger keys new-ca); its key signs the application", Required = true };
        var legalName = new Option<string>("--legal-name") { Description = "The enterprise's legal name", Required = true };
        var roles = new Option<string>("--roles") { Description = "Roles sought, comma-separated, e.g. remanufacturer,exporter", Required = true };
        var evidence = new Option<string>("--evidence-hash") { Description = "SHA-256 (64 hex digits) of the evidence document (licences, credit report); the document stays off the ledger", Required = true };
        var chain = new Option<string?>("--chain") { Description = "The chain id (default: asked of the node)" };
        var output = new Option<string>("--out", "-o") { Description = "File to write the consortium.Apply arguments to", Required = true };
        var command = new Command("application", "Write the arguments of consortium.Apply, signed by the applicant's CA, for the platform operator to submit");
        command.Options.Add(ca);
        command.Options.Add(legalName);
        command.Options.Add(roles);
        command.Options.Add(evidence);
        command.Options.Add(chain);
        command.Options.Add(output);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var evidenceHash = ctx.Parse.GetValue(evidence)!;
            if (evidenceHash.Length != 64 || !evidenceHash.All(char.IsAsciiHexDigitLower))
            {
                throw new CliException("--evidence-hash must be 64 lower-case hex digits (SHA-256)");
            }

            var sought = ctx.Parse.GetValue(roles)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (sought.Length == 0)
            {
                throw new CliException("--roles must name at least one role");
            }

            var path = ctx.Parse.GetValue(output)!;
            if (File.Exists(path))
            {
                throw new CliException($"'{path}' exists already; it is not overwritten");
            }

            using var authority = KeysCommand.LoadAuthority(ctx.Parse.GetValue(ca)!);
            var chainId = ctx.Parse.GetValue(chain);
            if (chainId is null)
            {
                using var client = ctx.Connect();
                chainId = (await client.StatusAsync(ct)).ChainId;
            }

            var args = new JsonObject
            {
                ["orgId"] = authority.Org,
                ["legalName"] = ctx.Parse.GetValue(legalName),
                ["roles"] = new JsonArray(sought.Select(r => (JsonNode)r).ToArray()),
                ["caCertificate"] = PemEncoding.WriteString("CERTIFICATE", authority.CertificateDer),
                ["evidenceHash"] = evidenceHash,
                ["proof"] = ApplicationStatement.For(authority, chainId, ctx.Parse.GetValue(legalName)!, sought, evidenceHash).Sign(authority),
            };
            await File.WriteAllTextAsync(path, args.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
            ctx.Out.WriteLine(ctx.Json
                ? new JsonObject { ["file"] = path, ["orgId"] = authority.Org, ["chainId"] = chainId }.ToJsonString()
                : $"wrote {path}: application of org {authority.Org} to chain {chainId}; the platform operator submits it with consortium.Apply");
            return 0;
        }));
        return command;
    }
}
