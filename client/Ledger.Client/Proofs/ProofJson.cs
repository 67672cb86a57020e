using System.Text.Json;

namespace Ledger.Client.Proofs;

/// <summary>The JSON form every proof file shares: how it is written, and how a file is read and refused.</summary>
internal static class ProofJson
{
    // files, not HTML: base64 and text stay as written
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a <typeparamref name="T"/> that <paramref name="isComplete"/> accepts.</summary>
    /// <exception cref="FormatException">Not JSON, empty, or incomplete: "not a <paramref name="what"/>: …".</exception>
    public static T Read<T>(string json, string what, Func<T, bool> isComplete, string requirement)
        where T : class
    {
        T? proof;
        try
        {
            proof = JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a {what}: {e.Message}");
        }

        if (proof is null)
        {
            throw new FormatException($"not a {what}: empty");
        }

        return isComplete(proof) ? proof : throw new FormatException($"not a {what}: {requirement}");
    }
}
