using System.Security.Cryptography;
using Google.Protobuf;
using Ledger.Core;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;

namespace Ledger.Client;

/// <summary>Builds and signs transactions for one identity and chain. Not thread-safe (the key is not).</summary>
public sealed class TransactionBuilder(SigningIdentity identity, string chainId, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public SigningIdentity Identity => identity;

    public string ChainId => chainId;

    /// <summary>A signed transaction calling <paramref name="contract"/>.<paramref name="function"/> with JSON arguments.</summary>
    public (Hash32 TxId, Protos.V1.SignedTransaction Message) Build(string contract, string function, string argumentsJson)
    {
        var payload = new TxPayload(
            chainId,
            contract,
            function,
            argumentsJson,
            identity.Certificate.Der,
            RandomNumberGenerator.GetBytes(16),
            _time.GetUtcNow().ToUnixTimeMilliseconds()).Encode();
        return Sign(payload);
    }

    /// <summary>Signs exact payload bytes (which need not be well-formed: tests use this to send bad ones).</summary>
    public (Hash32 TxId, Protos.V1.SignedTransaction Message) Sign(byte[] payload)
    {
        var signature = identity.Sign(payload);
        var message = new Protos.V1.SignedTransaction
        {
            Payload = ByteString.CopyFrom(payload),
            Signature = ByteString.CopyFrom(signature),
        };
        return (Hash32.Compute(payload), message);
    }
}
