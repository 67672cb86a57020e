using System.Buffers.Binary;
using System.Net;
using DotNext.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Ledger.Consensus.Raft;

/// <summary>
/// The Raft membership, kept on disk (<c>raft/members</c>): written when a node first starts, from the
/// cluster config (a joining node starts with none), then by DotNext whenever a membership entry of the
/// log is applied, so a member added at run time stays one across restarts. DotNext's storages for
/// <see cref="EndPoint"/> are internal; its generic base needs the address encoding.
/// </summary>
internal sealed class EndPointStorage(string path) : PersistentClusterConfigurationStorage<EndPoint>(path)
{
    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> writer)
    {
        var endpoint = (IPEndPoint)address;
        Span<byte> buffer = stackalloc byte[19];
        endpoint.Address.TryWriteBytes(buffer[1..], out var length);
        buffer[0] = (byte)length;
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[(1 + length)..], (ushort)endpoint.Port);
        writer.Write(buffer[..(length + 3)]);
    }

    protected override EndPoint Decode(ref SequenceReader reader)
    {
        int length = reader.ReadByte();
        Span<byte> address = stackalloc byte[length];
        reader.Read(address);
        Span<byte> port = stackalloc byte[2];
        reader.Read(port);
        return new IPEndPoint(new IPAddress(address), BinaryPrimitives.ReadUInt16LittleEndian(port));
    }
}
