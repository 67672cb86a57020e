using System.Security.Cryptography;
using Ledger.Core;
using Ledger.Core.Serialization;

namespace Ledger.State;

/// <summary>
/// Header version 1's state commitment: SHA-256(previous state root || the block's write set in key
/// order). It chains every change ever made, so equal roots mean equal histories of state; it gives
/// no per-key proofs (an authenticated map replaces it in a later header version).
/// </summary>
public static class InterimStateRoot
{
    public static Hash32 Next(Hash32 previous, IReadOnlyList<StateWrite> sortedWrites)
    {
        if (sortedWrites.Count == 0)
        {
            return previous;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> prev = stackalloc byte[Hash32.Size];
        previous.WriteTo(prev);
        hash.AppendData(prev);
        var writer = new CanonicalWriter(4096);
        foreach (var write in sortedWrites)
        {
            writer.WriteBytes(write.Key);
            writer.WriteBool(write.Value is not null);
            writer.WriteBytes(write.Value ?? []);
            if (writer.Length > 1 << 20)
            {
                hash.AppendData(writer.WrittenSpan);
                writer = new CanonicalWriter(4096);
            }
        }

        hash.AppendData(writer.WrittenSpan);
        Span<byte> digest = stackalloc byte[Hash32.Size];
        hash.GetHashAndReset(digest);
        return new Hash32(digest);
    }
}
