using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Core.Identity;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger keys show|issue|new-ca</c>: identities and org certificate authorities.</summary>
public static class KeysCommand
{
    public static Command Create(CliEnvironment env)
    {
        var keys = new Command("keys", "Identities: show one, issue one from an org CA, create an org CA");
        keys.Subcommands.Add(Show(env));
        keys.Subcommands.Add(Issue(env));
        keys.Subcommands.Add(NewCa(env));
        return keys;
    }

    private static Command Show(CliEnvironment env)
    {
        var command = new Command("show", "Show the identity given by --identity");
        command.SetAction(CliApp.Action(env, (ctx, _) =>
        {
            using var identity = ctx.LoadIdentity();
            var c = identity.Certificate;
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["org"] = c.Org,
                    ["name"] = c.Name,
                    ["role"] = c.MemberRole,
                    ["certificateHash"] = c.Hash.ToHex(),
                    ["certificate"] = Convert.ToBase64String(c.Der),
                    ["notBefore"] = DateTimeOffset.FromUnixTimeMilliseconds(c.NotBeforeUnixMs).ToString("O"),
                    ["notAfter"] = DateTimeOffset.FromUnixTimeMilliseconds(c.NotAfterUnixMs).ToString("O"),
                });
            }
            else
            {
                ctx.Out.WriteLine($"{c.Name} ({c.MemberRole}) of org {c.Org}");
                ctx.Out.WriteLine($"certificate hash {c.Hash.ToHex()}");
                ctx.Out.WriteLine($"valid {DateTimeOffset.FromUnixTimeMilliseconds(c.NotBeforeUnixMs):u} to {DateTimeOffset.FromUnixTimeMilliseconds(c.NotAfterUnixMs):u}");
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Issue(CliEnvironment env)
    {
        var ca = new Option<string>("--ca") { Description = "The org CA file (e.g. data/ca/manufacturer.ca.identity)", Required = true };
        var name = new Option<string>("--name") { Description = "The member's name (certificate CN)", Required = true };
        var role = new Option<string>("--role") { Description = "Member role in the org: admin, client, or node (a node's TLS and attestation identity)", DefaultValueFactory = _ => "client" };
        var hosts = new Option<string[]>("--host") { Description = "For --role node: an IP address or DNS name the node serves at (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var days = new Option<int>("--days") { Description = "Validity in days", DefaultValueFactory = _ => 365 };
        var output = new Option<string>("--out", "-o") { Description = "Identity file to write", Required = true };
        var command = new Command("issue", "Issue a new member identity (key and certificate) from an org CA");
        command.Options.Add(ca);
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(hosts);
        command.Options.Add(days);
        command.Options.Add(output);
        command.SetAction(CliApp.Action(env, (ctx, _) =>
        {
            var memberRole = ctx.Parse.GetValue(role)!;
            if (memberRole is not ("admin" or "client" or "node"))
            {
                throw new CliException("--role must be admin, client or node");
            }

            var hostNames = ctx.Parse.GetValue(hosts) ?? [];
            if ((memberRole == "node") != (hostNames.Length > 0))
            {
                throw new CliException(memberRole == "node"
                    ? "--role node needs --host for each address or name the node serves at (its TLS certificate names them)"
                    : "--host is for --role node only");
            }

            if (hostNames.FirstOrDefault(h => Uri.CheckHostName(h) == UriHostNameType.Unknown) is { } badHost)
            {
                throw new CliException($"--host '{badHost}' is not an IP address or DNS name");
            }

            var validDays = ctx.Parse.GetValue(days);
            if (validDays is < 1 or > 3650)
            {
                throw new CliException("--days must be between 1 and 3650");
            }

            var path = ctx.Parse.GetValue(output)!;
            if (File.Exists(path))
            {
                throw new CliException($"'{path}' exists already; it is not overwritten");
            }

            using var authority = LoadAuthority(ctx.Parse.GetValue(ca)!);
            var now = DateTimeOffset.UtcNow;
            using var identity = authority.Issue(ctx.Parse.GetValue(name)!, memberRole, now.AddMinutes(-5), now.AddDays(validDays), hostNames.Length > 0 ? hostNames : null);
            WriteSecret(path, IdentityDocument.From(identity).ToJson());
            ctx.Out.WriteLine(ctx.Json
                ? new JsonObject { ["file"] = path, ["org"] = identity.Certificate.Org, ["name"] = identity.Certificate.Name, ["certificateHash"] = identity.Certificate.Hash.ToHex() }.ToJsonString()
                : $"wrote {path}: {identity.Certificate.Name} ({memberRole}) of org {identity.Certificate.Org}, certificate hash {identity.Certificate.Hash.ToHex()}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command NewCa(CliEnvironment env)
    {
        var org = new Option<string>("--org") { Description = "The org id (certificate O)", Required = true };
        var name = new Option<string>("--name") { Description = "The org's display name", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "CA file to write", Required = true };
        var command = new Command("new-ca", "Create a certificate authority for a new org (its root goes into the consortium config)");
        command.Options.Add(org);
        command.Options.Add(name);
        command.Options.Add(output);
        command.SetAction(CliApp.Action(env, (ctx, _) =>
        {
            var path = ctx.Parse.GetValue(output)!;
            if (File.Exists(path))
            {
                throw new CliException($"'{path}' exists already; it is not overwritten");
            }

            var now = DateTimeOffset.UtcNow;
            using var authority = CertificateAuthority.Create(ctx.Parse.GetValue(org)!, ctx.Parse.GetValue(name)!, now.AddMinutes(-5), now.AddYears(10));
            WriteSecret(path, IdentityDocument.FromAuthority(authority).ToJson());
            ctx.Out.WriteLine($"wrote {path}: CA of org {authority.Org}");
            return Task.FromResult(0);
        }));
        return command;
    }

    internal static CertificateAuthority LoadAuthority(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"CA file '{path}' does not exist");
        }

        try
        {
            return IdentityDocument.Parse(File.ReadAllText(path)).ToAuthority();
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliException($"CA file '{path}' is not valid: {e.Message}");
        }
    }

    private static void WriteSecret(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }
}
