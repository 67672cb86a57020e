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
/// block executor so that both decide alike: size, shape, chain id, creator membership at the given
/// time, signatures, contract, function and JSON arguments. State-dependent checks (duplicates,
/// revocation) are made by the caller. Deterministic for a given configuration; thread-safe.
/// </summary>
public sealed class TransactionValidator
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly Membership _membership;
    private readonly ContractRegistry _contracts;
    private readonly SignatureVerifier _verifier;
    private readonly SignatureCache _cache;

    public TransactionValidator(Membership membership, ContractRegistry contracts, SignatureVerifier verifier, SignatureCache cache)
    {
        _membership = membership;
        _contracts = contracts;
        _verifier = verifier;
        _cache = cache;
    }

    public ConsortiumConfig Config => _membership.Config;

    /// <summary>Member orgs and their roles in the configuration in force (what contracts see through the context).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OrgRoles => _orgRoles ??=
        _membership.Config.Orgs.ToDictionary(o => o.Id, o => o.Roles, StringComparer.Ordinal);

    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _orgRoles;

    public TxCheck Check(ReadOnlySpan<byte> envelopeBytes, long atUnixMs)
    {
        var limit = _membership.Config.Limits.MaxTransactionBytes;
        if (envelopeBytes.Length > limit)
        {
            return TxCheck.Fail(ValidationCode.PayloadTooLarge, $"transaction is {envelopeBytes.Length} bytes, more than the limit of {limit}");
        }

        SignedTransaction envelope;
        TxPayload payload;
        try
        {
            envelope = SignedTransaction.Decode(envelopeBytes);
            payload = TxPayload.Decode(envelope.Payload);
        }
        catch (LedgerFormatException e)
        {
            return TxCheck.Fail(ValidationCode.MalformedTransaction, e.Message);
        }

        return Check(envelope, payload, atUnixMs);
    }

    public TxCheck Check(SignedTransaction envelope, TxPayload payload, long atUnixMs)
    {
        if (!string.Equals(payload.ChainId, _membership.Config.ChainId, StringComparison.Ordinal))
        {
            return TxCheck.Fail(ValidationCode.WrongChain, $"transaction is for chain '{payload.ChainId}', this is '{_membership.Config.ChainId}'");
        }

        var creator = _membership.Resolve(payload.Creator, atUnixMs);
        if (creator.Member is not { } member)
        {
            return TxCheck.Fail(creator.Code, creator.Reason);
        }

        if (!VerifySignature(member.Certificate, envelope.TxId, envelope.CreatorSignature))
        {
            return TxCheck.Fail(ValidationCode.BadSignature, "the creator's signature does not verify over the payload");
        }

        var endorsers = envelope.Endorsements.Count == 0 ? [] : new List<Membership.Member>(envelope.Endorsements.Count);
        foreach (var endorsement in envelope.Endorsements)
        {
            var endorser = _membership.Resolve(endorsement.Signer, atUnixMs);
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

        var caller = new CallerIdentity(member.Org.Id, member.Certificate.Name, member.Certificate.MemberRole, member.Org.Roles, member.Certificate.Hash.ToHex());
        return TxCheck.Ok(new ValidatedTransaction(envelope, payload, member, endorsers, caller, contract, arguments));
    }

    /// <summary>
    /// Whether the identities of a transaction checked earlier are still members at <paramref name="atUnixMs"/>
    /// (certificate and CA validity). Everything else <see cref="Check(ReadOnlySpan{byte}, long)"/> decides is
    /// a pure function of the bytes and the configuration.
    /// </summary>
    public bool StillValidAt(ValidatedTransaction tx, long atUnixMs)
    {
        if (!_membership.IsStillValid(tx.Creator, atUnixMs))
        {
            return false;
        }

        foreach (var endorser in tx.Endorsers)
        {
            if (!_membership.IsStillValid(endorser, atUnixMs))
            {
                return false;
            }
        }

        return true;
    }

    private bool VerifySignature(MemberCertificate certificate, Hash32 txId, byte[] signature)
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
