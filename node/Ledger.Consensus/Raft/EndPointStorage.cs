using System.Buffers.Binary;
using System.Net;
using DotNext.Buffers;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Ledger.Consensus.Raft;

/// <summary>
/// The Raft membership: the static member list of the cluster config (DotNext's in-memory storage
/// for <see cref="EndPoint"/> is internal; its generic base needs the address encoding).
/// </summary>
internal sealed class EndPointStorage : InMemoryClusterConfigurationStorage<EndPoint>
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
