using System.Buffers.Binary;
using System.Text;
using Ledger.Core.Blocks;
using Ledger.Core.Serialization;
using Ledger.Storage;

namespace Ledger.State;

/// <summary>
/// The attestations a node holds for each block, and which blocks have a commit certificate.
/// Written outside the block's batch (attestations arrive after it): losing the last writes in a
/// crash only means fetching them again from the peers. One writer (the attestation service).
/// </summary>
public sealed class AttestationStore(IKeyValueStore store)
{
    private static readonly byte[] CertifiedHeightKey = Encoding.ASCII.GetBytes("certified-height");
    private static readonly byte[] CertifiedThroughKey = Encoding.ASCII.GetBytes("certified-through");

    /// <summary>The highest block with a commit certificate (0: none yet; genesis needs none).</summary>
    public ulong CertifiedHeight => ReadHeight(CertifiedHeightKey);

    /// <summary>Every block up to this height has a commit certificate.</summary>
    public ulong CertifiedThrough => ReadHeight(CertifiedThroughKey);

    public IReadOnlyList<Attestation> Get(ulong height)
    {
        var prefix = StateKeys.Height(height);
        var end = StateKeys.Height(height + 1);
        var list = new List<Attestation>();
        foreach (var (key, value) in store.Iterate(Column.Attestations, prefix, end))
        {
            if (key.Length > prefix.Length)
            {
                list.Add(Attestation.Decode(value));
            }
        }

        return list;
    }

    /// <summary>The orgs of a block's commit certificate, or null when it has none.</summary>
    public IReadOnlyList<string>? CertifiedOrgs(ulong height)
    {
        var bytes = store.Get(Column.Attestations, StateKeys.Height(height));
        if (bytes is null)
        {
            return null;
        }

        var reader = new CanonicalReader(bytes);
        var count = reader.ReadCount("certificate orgs", 1024);
        var orgs = new string[count];
        for (var i = 0; i < count; i++)
        {
            orgs[i] = reader.ReadString("certificate org", 1024);
        }

        return orgs;
    }

    /// <summary>Writes new attestations and certificates, and the certified heights, in one batch.</summary>
    public void Write(IReadOnlyList<(ulong Height, Attestation Attestation)> attestations, IReadOnlyList<(ulong Height, IReadOnlyList<string> Orgs)> certified, ulong certifiedHeight, ulong certifiedThrough)
    {
        using var batch = store.CreateWriteBatch();
        foreach (var (height, attestation) in attestations)
        {
            var key = new byte[8 + 32];
            BinaryPrimitives.WriteUInt64BigEndian(key, height);
            attestation.CertificateHash.WriteTo(key.AsSpan(8));
            batch.Put(Column.Attestations, key, attestation.Encode());
        }

        foreach (var (height, orgs) in certified)
        {
            var writer = new CanonicalWriter().WriteUInt32((uint)orgs.Count);
            foreach (var org in orgs)
            {
                writer.WriteString(org);
            }

            batch.Put(Column.Attestations, StateKeys.Height(height), writer.ToArray());
        }

        batch.Put(Column.Meta, CertifiedHeightKey, StateKeys.Height(certifiedHeight));
        batch.Put(Column.Meta, CertifiedThroughKey, StateKeys.Height(certifiedThrough));
        store.Write(batch);
    }

    private ulong ReadHeight(byte[] key) => store.Get(Column.Meta, key) is { } bytes ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : 0;
}
