using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Client.Proofs;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger genesis</c>, <c>ledger proof tx</c> and <c>ledger verify</c>: proofs a buyer or auditor checks offline.</summary>
public static class ProofCommands
{
    public static Command Genesis(CliEnvironment env)
    {
        var output = new Option<string>("--out", "-o") { Description = "File to write the genesis block to", Required = true };
        var command = new Command("genesis", "Fetch the chain's genesis block (the trust root verifiers keep)");
        command.Options.Add(output);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            using var client = ctx.Connect();
            var block = await client.GetBlockAsync(0, ct);
            var bytes = block.Encoded.ToByteArray();
            var (genesis, failure) = OfflineVerifier.LoadGenesis(bytes);
            if (genesis is null)
            {
                throw new CliException($"the node served no valid genesis: {failure!.Message}");
            }

            var path = ctx.Parse.GetValue(output)!;
            await File.WriteAllBytesAsync(path, bytes, ct);
            ctx.Out.WriteLine(ctx.Json
                ? new JsonObject { ["file"] = path, ["chainId"] = genesis.Header.ChainId, ["genesisHash"] = genesis.Hash.ToHex() }.ToJsonString()
                : $"wrote {path}: genesis {genesis.Hash} of chain {genesis.Header.ChainId}; compare the hash with one the consortium publishes");
            return 0;
        }));
        return command;
    }

    public static Command Proof(CliEnvironment env)
    {
        var proof = new Command("proof", "Write a proof to check offline with `ledger verify`");
        var txId = new Argument<string>("txid") { Description = "Transaction id (64 hex digits)" };
        var output = new Option<string>("--out", "-o") { Description = "Proof file to write", Required = true };
        var tx = new Command("tx", "Prove that a transaction, with its recorded outcome, is in the chain");
        tx.Arguments.Add(txId);
        tx.Options.Add(output);
        tx.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            using var client = ctx.Connect();
            var built = await Build(() => ProofBuilder.TransactionAsync(client, ctx.Parse.GetValue(txId)!, ct));
            var path = ctx.Parse.GetValue(output)!;
            await File.WriteAllTextAsync(path, built.ToJson(), ct);
            ctx.Out.WriteLine($"wrote {path}: transaction {built.TxId} in block {built.Height} with {built.Headers.Count} headers back to genesis{Certified(built.Certificate)}");
            return 0;
        }));
        proof.Subcommands.Add(tx);

        var contract = new Option<string>("--contract") { Description = "Contract namespace, e.g. equipment", Required = true };
        var key = new Option<string>("--key") { Description = "State key within the contract", Required = true };
        var height = new Option<ulong?>("--height") { Description = "A committed height (default: the head)" };
        var stateOut = new Option<string>("--out", "-o") { Description = "Proof file to write", Required = true };
        var state = new Command("state", "Prove a state key's value, or that it has none, after a block");
        state.Options.Add(contract);
        state.Options.Add(key);
        state.Options.Add(height);
        state.Options.Add(stateOut);
        state.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            using var client = ctx.Connect();
            var built = await Build(() => ProofBuilder.StateAsync(client, ctx.Parse.GetValue(contract)!, ctx.Parse.GetValue(key)!, ctx.Parse.GetValue(height), ct));
            var path = ctx.Parse.GetValue(stateOut)!;
            await File.WriteAllTextAsync(path, built.ToJson(), ct);
            ctx.Out.WriteLine($"wrote {path}: {built.Contract}/{built.Key} {(built.Present ? "present" : "absent")} after block {built.Height}, {built.Levels.Count} tree levels, {built.Headers.Count} headers back to genesis{Certified(built.Certificate)}");
            return 0;
        }));
        proof.Subcommands.Add(state);
        return proof;
    }

    private static async Task<T> Build<T>(Func<Task<T>> build)
    {
        try
        {
            return await build();
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static string Certified(CertificateEvidence? certificate) =>
        certificate is null ? string.Empty : $", and the commit certificate of block {certificate.Height} ({certificate.Attestations.Count} attestations)";

    public static Command Verify(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "Proof file (from `ledger proof`)" };
        var genesisFile = new Option<string>("--genesis") { Description = "The trusted genesis block (from `ledger genesis`)", Required = true };
        var command = new Command("verify", "Check a proof offline against a trusted genesis; exit 0 only if it holds");
        command.Arguments.Add(file);
        command.Options.Add(genesisFile);
        command.SetAction(CliApp.Action(env, async (ctx, ct) =>
        {
            var proofPath = ctx.Parse.GetValue(file)!;
            var genesisPath = ctx.Parse.GetValue(genesisFile)!;
            foreach (var p in new[] { proofPath, genesisPath })
            {
                if (!File.Exists(p))
                {
                    throw new CliException($"'{p}' does not exist");
                }
            }

            var (genesis, failure) = OfflineVerifier.LoadGenesis(await File.ReadAllBytesAsync(genesisPath, ct));
            VerificationResult result;
            if (failure is not null)
            {
                result = failure;
            }
            else
            {
                object parsed;
                try
                {
                    parsed = ProofFile.Parse(await File.ReadAllTextAsync(proofPath, ct));
                }
                catch (FormatException e)
                {
                    throw new CliException($"'{proofPath}': {e.Message}");
                }

                result = parsed switch
                {
                    TransactionProof tx => OfflineVerifier.VerifyTransaction(tx, genesis!),
                    StateProof state => OfflineVerifier.VerifyState(state, genesis!),
                    _ => throw new CliException($"'{proofPath}' is a proof of a kind this version cannot check"),
                };
            }
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject { ["valid"] = result.IsValid, ["check"] = result.IsValid ? null : result.Check, ["message"] = result.Message });
            }
            else if (result.IsValid)
            {
                ctx.Out.WriteLine($"proven: {result.Message}");
            }

            if (!result.IsValid)
            {
                ctx.Error.WriteLine($"verification failed: {result.Check}: {result.Message}");
                return 1;
            }

            return 0;
        }));
        return command;
    }
}
