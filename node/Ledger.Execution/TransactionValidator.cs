using System.Text.Json;
using Ledger.Chaincode.Abstractions;
using Ledger.Core;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Core.Serialization;
using Ledger.Core.Transactions;

namespace Ledger.Execution;

/// <summary>
/// The checks every transaction passes before it may run, shared by the node's door (submit) and the
/// block executor so that both decide alike: size, shape, chain id, creator membership (in the given
/// membership, at the given time), signatures, contract, function and JSON arguments. Other
/// state-dependent checks (duplicates, certificate revocation) are made by the caller.
/// Deterministic for a given membership; thread-safe.
/// </summary>
public sealed class TransactionValidator
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly ContractRegistry _contracts;
    private readonly SignatureVerifier _verifier;
    private readonly SignatureCache _cache;

    public TransactionValidator(MembershipDirectory directory, ContractRegistry contracts, SignatureVerifier verifier, SignatureCache cache)
    {
        Directory = directory;
        _contracts = contracts;
        _verifier = verifier;
        _cache = cache;
    }

    public TransactionValidator(Membership genesis, ContractRegistry contracts, SignatureVerifier verifier, SignatureCache cache)
        : this(new MembershipDirectory(genesis), contracts, verifier, cache)
    {
    }

    public ConsortiumConfig Config => Directory.Config;

    /// <summary>The membership in force for any committed state.</summary>
    public MembershipDirectory Directory { get; }

    /// <summary>Checks against the newest membership read so far (see <see cref="MembershipDirectory.Latest"/>).</summary>
    public TxCheck Check(ReadOnlyMemory<byte> envelopeBytes, long atUnixMs) => Check(envelopeBytes, atUnixMs, Directory.Latest);

    public TxCheck Check(ReadOnlyMemory<byte> envelopeBytes, long atUnixMs, Membership membership)
    {
        var limit = membership.Config.Limits.MaxTransactionBytes;
        if (envelopeBytes.Length > limit)
        {
            return TxCheck.Fail(ValidationCode.PayloadTooLarge, $"transaction is {envelopeBytes.Length} bytes, more than the limit of {limit}");
        }

        SignedTransaction envelope;
        TxPayload payload;
        try
        {
            envelope = SignedTransaction.Decode(envelopeBytes);
            payload = TxPayload.Decode(envelope.Payload.Span);
        }
        catch (LedgerFormatException e)
        {
            return TxCheck.Fail(ValidationCode.MalformedTransaction, e.Message);
        }

        return Check(envelope, payload, atUnixMs, membership);
    }

    public TxCheck Check(SignedTransaction envelope, TxPayload payload, long atUnixMs, Membership membership)
    {
        if (!string.Equals(payload.ChainId, membership.Config.ChainId, StringComparison.Ordinal))
        {
            return TxCheck.Fail(ValidationCode.WrongChain, $"transaction is for chain '{payload.ChainId}', this is '{membership.Config.ChainId}'");
        }

        var creator = membership.Resolve(payload.Creator, atUnixMs);
        if (creator.Member is not { } member)
        {
            return TxCheck.Fail(creator.Code, creator.Reason);
        }

        if (!VerifySignature(member.Certificate, envelope.TxId, envelope.CreatorSignature.Span))
        {
            return TxCheck.Fail(ValidationCode.BadSignature, "the creator's signature does not verify over the payload");
        }

        var endorsers = envelope.Endorsements.Count == 0 ? [] : new List<Membership.Member>(envelope.Endorsements.Count);
        foreach (var endorsement in envelope.Endorsements)
        {
            var endorser = membership.Resolve(endorsement.Signer, atUnixMs);
            if (endorser.Member is not { } e)
            {
                return TxCheck.Fail(endorser.Code, "endorsement: " + endorser.Reason);
            }

            if (!VerifySignature(e.Certificate, envelope.TxId, endorsement.Signature))
            {
                return TxCheck.Fail(ValidationCode.BadSignature, $"the endorsement of {e.Certificate.Name}@{e.Org.Id} does not verify");
            }

            endorsers.Add(e);
        }

        var contract = _contracts.Find(payload.Contract);
        if (contract is null)
        {
            return TxCheck.Fail(ValidationCode.UnknownContract, $"no contract named '{payload.Contract}'");
        }

        if (!contract.HasFunction(payload.Function))
        {
            return TxCheck.Fail(ValidationCode.UnknownFunction, $"contract '{payload.Contract}' has no function '{payload.Function}'");
        }

        JsonElement arguments;
        try
        {
            using var document = JsonDocument.Parse(payload.Arguments, JsonOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return TxCheck.Fail(ValidationCode.BadArguments, "arguments must be a JSON object");
            }

            arguments = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return TxCheck.Fail(ValidationCode.BadArguments, $"arguments are not valid JSON: {e.Message}");
        }

        if (CheckArguments(contract, payload.Function, arguments) is { } refused)
        {
            return refused;
        }

        var caller = new CallerIdentity(member.Org.Id, member.Certificate.Name, member.Certificate.MemberRole, member.Org.Roles, member.Certificate.Hash.ToHex());
        return TxCheck.Ok(new ValidatedTransaction(envelope, payload, member, endorsers, caller, contract, arguments, membership));
    }

    /// <summary>
    /// Whether the identities of a transaction checked earlier are still members in <paramref name="membership"/>
    /// at <paramref name="atUnixMs"/>: it was checked against that same membership, and certificates and CAs
    /// are still valid. Everything else <see cref="Check(ReadOnlyMemory{byte}, long, Membership)"/> decides is a
    /// pure function of the bytes and the membership.
    /// </summary>
    public static bool StillValidAt(ValidatedTransaction tx, long atUnixMs, Membership membership)
    {
        if (!ReferenceEquals(tx.Membership, membership) || !membership.IsStillValid(tx.Creator, atUnixMs))
        {
            return false;
        }

        foreach (var endorser in tx.Endorsers)
        {
            if (!membership.IsStillValid(endorser, atUnixMs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The contract's own stateless check of the arguments (see <see cref="IContract.CheckArguments"/>).</summary>
    private static TxCheck? CheckArguments(IContract contract, string function, JsonElement arguments)
    {
        ContractResponse? refusal;
        try
        {
            refusal = contract.CheckArguments(function, arguments);
        }
#pragma warning disable CA1031 // a faulty contract must not stop the door or the chain
        catch (Exception e)
#pragma warning restore CA1031
        {
            return TxCheck.Fail(ValidationCode.ContractFailed, $"contract '{contract.Name}' threw {e.GetType().FullName} checking the arguments");
        }

        return refusal is { IsSuccess: false } ? TxCheck.Fail(ValidationCode.BadArguments, $"{refusal.Code}: {refusal.Message}") : null;
    }

    private bool VerifySignature(MemberCertificate certificate, Hash32 txId, ReadOnlySpan<byte> signature)
    {
        var key = SignatureCache.KeyOf(certificate.Hash, txId, signature);
        if (_cache.Contains(key))
        {
            return true;
        }

        Span<byte> digest = stackalloc byte[Hash32.Size];
        txId.WriteTo(digest);
        if (!_verifier.Verify(certificate.PublicKey, digest, signature))
        {
            return false;
        }

        _cache.Add(key);
        return true;
    }
}
