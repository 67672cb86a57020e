using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Core;
using Ledger.Core.Identity;
using Ledger.Core.Transactions;

namespace Ledger.TestKit;

/// <summary>Builds signed transaction envelopes (canonical bytes) for one identity, deterministically when seeded.</summary>
public sealed class TxFactory(SigningIdentity identity, string chainId)
{
    private long _counter;

    public SigningIdentity Identity => identity;

    public byte[] Envelope(string contract, string function, object args) =>
        Envelope(contract, function, args as string ?? JsonSerializer.Serialize(args));

    public byte[] Envelope(string contract, string function, string argsJson, string? chain = null)
    {
        var payload = Payload(contract, function, argsJson, chain).Encode();
        return new SignedTransaction(payload, identity.Sign(payload)).Encode();
    }

    public TxPayload Payload(string contract, string function, string argsJson, string? chain = null)
    {
        var nonce = new byte[16];
        BitConverter.TryWriteBytes(nonce, Interlocked.Increment(ref _counter));
        RandomNumberGenerator.Fill(nonce.AsSpan(8));
        return new TxPayload(chain ?? chainId, contract, function, argsJson, identity.Certificate.Der, nonce, TestConsortium.Epoch.ToUnixTimeMilliseconds());
    }

    public static Hash32 TxIdOf(byte[] envelope) => SignedTransaction.ComputeTxId(envelope);

    /// <summary>An equipment registration for a PIN.</summary>
    public byte[] Register(string pin, string manufacturer = "Sany", string model = "SY215C", string category = "excavator") =>
        Envelope("equipment", "Register", new { pin, manufacturer, model, category });
}
