using Microsoft.Extensions.Logging;

namespace Ledger.Consensus.Attestations;

internal static partial class AttestationLog
{
    [LoggerMessage(1, LogLevel.Information, "Attestation is off: the genesis sets no attestation policy")]
    public static partial void Off(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "Attesting as org {Org}; a commit certificate needs {Quorum} of {OrgCount} attesting orgs; certified up to height {Height}")]
    public static partial void Started(ILogger logger, string org, int quorum, int orgCount, ulong height);

    [LoggerMessage(3, LogLevel.Debug, "Block {Height} is certified by {Orgs}")]
    public static partial void Certified(ILogger logger, ulong height, string orgs);

    [LoggerMessage(4, LogLevel.Warning, "An attestation from {Peer} of block {Height} is refused: {Reason}")]
    public static partial void Refused(ILogger logger, string peer, ulong height, string reason);

    [LoggerMessage(5, LogLevel.Error, "Peer {Peer} applied block {Height} with hash {PeerHash}, this node {OwnHash}: the chains diverge")]
    public static partial void Diverged(ILogger logger, string peer, ulong height, string peerHash, string ownHash);

    [LoggerMessage(6, LogLevel.Debug, "Fetching attestations from {Peer} failed: {Reason}")]
    public static partial void FetchFailed(ILogger logger, string peer, string reason);

    [LoggerMessage(8, LogLevel.Error, "The node identity cannot be read, so this node does not attest: {Reason}")]
    public static partial void NoKey(ILogger logger, string reason);

    [LoggerMessage(9, LogLevel.Warning, "Block {Height} could not be certified (attested by: {Orgs}) after {Rounds} rounds in which every peer answered; a later certified block vouches for it")]
    public static partial void GaveUp(ILogger logger, ulong height, string orgs, int rounds);

    [LoggerMessage(7, LogLevel.Warning, "An attestation round failed; trying again")]
    public static partial void RoundFailed(ILogger logger, System.Exception exception);
}
