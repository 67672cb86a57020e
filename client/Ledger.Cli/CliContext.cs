using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Client;
using Ledger.Core.Identity;

namespace Ledger.Cli;

/// <summary>What a command's action gets: parsed global options, output writers, and helpers.</summary>
public sealed class CliContext(ParseResult parse, GlobalOptions options, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ParseResult Parse => parse;

    public TextWriter Out => output;

    public TextWriter Error => error;

    public bool Json => parse.GetValue(options.Json);

    public string NodeAddress => parse.GetValue(options.Node)!;

    public string IdentityPath => parse.GetValue(options.Identity)!;

    /// <summary>The client <see cref="Connect"/> made last (its TLS failure explains an unreachable node).</summary>
    public LedgerClient? Client { get; private set; }

    public LedgerClient Connect()
    {
        try
        {
            var trust = parse.GetValue(options.Trust) is { } path ? ConsortiumTrust.Load(path) : null;
            return Client = new LedgerClient(NodeAddress, trust);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message);
        }
    }

    public SigningIdentity LoadIdentity() => LoadIdentity(IdentityPath);

    public static SigningIdentity LoadIdentity(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"identity file '{path}' does not exist (give --identity FILE or set LEDGER_IDENTITY)");
        }

        try
        {
            return IdentityDocument.Parse(File.ReadAllText(path)).ToSigningIdentity();
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CliException($"identity file '{path}' is not valid: {e.Message}");
        }
    }

    public async Task<TransactionBuilder> BuilderAsync(LedgerClient client, CancellationToken cancellationToken)
    {
        var identity = LoadIdentity();
        var status = await client.StatusAsync(cancellationToken);
        return new TransactionBuilder(identity, status.ChainId);
    }

    public void WriteJson(JsonNode? node) => output.WriteLine(node?.ToJsonString(Pretty) ?? "null");

    /// <summary>Pretty-prints JSON text (or the text itself when it is not JSON).</summary>
    public static string PrettyJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        try
        {
            return JsonNode.Parse(text)?.ToJsonString(Pretty) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>JSON text as a node to embed in output (a string when it is not JSON).</summary>
    public static JsonNode? JsonOrString(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
