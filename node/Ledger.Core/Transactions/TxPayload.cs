using Ledger.Core.Serialization;

namespace Ledger.Core.Transactions;

/// <summary>
/// What a member signs: the call to run and who asks for it. The exact encoded bytes are what is
/// signed, stored and hashed; <c>txId = SHA-256(payload bytes)</c>.
/// </summary>
/// <param name="ChainId">The chain this transaction is for; a node of another chain rejects it.</param>
/// <param name="Contract">Contract name, e.g. <c>equipment</c>.</param>
/// <param name="Function">Function of the contract.</param>
/// <param name="Arguments">Arguments as a JSON object (UTF-8 text, kept byte for byte).</param>
/// <param name="Creator">DER bytes of the creator's X.509 certificate.</param>
/// <param name="Nonce">Random bytes chosen by the client so that equal calls get distinct ids.</param>
/// <param name="ClientTimeUnixMs">The client's clock when it built the payload; informational only.</param>
public sealed record TxPayload(
    string ChainId,
    string Contract,
    string Function,
    string Arguments,
    byte[] Creator,
    byte[] Nonce,
    long ClientTimeUnixMs)
{
    public const byte CurrentVersion = 1;
    public const int MaxNameLength = 128;
    public const int MaxCertificateLength = 8 * 1024;
    public const int MinNonceLength = 8;
    public const int MaxNonceLength = 64;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(128 + Arguments.Length + Creator.Length);
        writer.WriteByte(CurrentVersion)
            .WriteString(ChainId)
            .WriteString(Contract)
            .WriteString(Function)
            .WriteString(Arguments)
            .WriteBytes(Creator)
            .WriteBytes(Nonce)
            .WriteInt64(ClientTimeUnixMs);
        return writer.ToArray();
    }

    /// <summary>Decodes and checks the shape (not the meaning) of payload bytes.</summary>
    /// <exception cref="LedgerFormatException">The bytes are not a canonical payload.</exception>
    public static TxPayload Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadByte("payload.version");
        if (version != CurrentVersion)
        {
            throw new LedgerFormatException($"payload version {version} is not supported (expected {CurrentVersion})");
        }

        var chainId = reader.ReadString("payload.chainId", Consortium.ConsortiumConfig.MaxIdBytes);
        var contract = reader.ReadString("payload.contract", MaxNameLength);
        var function = reader.ReadString("payload.function", MaxNameLength);
        var arguments = reader.ReadString("payload.arguments");
        var creator = reader.ReadBytes("payload.creator", MaxCertificateLength);
        var nonce = reader.ReadBytes("payload.nonce", MaxNonceLength);
        var clientTime = reader.ReadInt64("payload.clientTime");
        reader.EnsureEnd("payload");

        if (nonce.Length < MinNonceLength)
        {
            throw new LedgerFormatException($"payload.nonce must be at least {MinNonceLength} bytes");
        }

        if (creator.Length == 0)
        {
            throw new LedgerFormatException("payload.creator is empty");
        }

        if (contract.Length == 0 || function.Length == 0)
        {
            throw new LedgerFormatException("payload.contract and payload.function must not be empty");
        }

        return new TxPayload(chainId, contract, function, arguments, creator, nonce, clientTime);
    }
}
