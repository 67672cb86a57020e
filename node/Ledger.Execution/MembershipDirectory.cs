using Ledger.Core.Consortium;
using Ledger.Storage;

namespace Ledger.Execution;

/// <summary>
/// The membership in force for a committed state: genesis plus what the <c>consortium</c> contract
/// recorded. One state read (the contract's change counter) when nothing changed; the org records
/// are read again only when it moved. Thread-safe.
/// </summary>
public sealed class MembershipDirectory
{
    private volatile Membership _latest;

    public MembershipDirectory(ConsortiumConfig config) => _latest = new Membership(config);

    public MembershipDirectory(Membership genesis) => _latest = genesis;

    public ConsortiumConfig Config => _latest.Config;

    /// <summary>The newest membership read so far.</summary>
    public Membership Latest => _latest;

    /// <summary>The membership in force after the state read by <paramref name="committed"/>.</summary>
    public Membership At(IKeyValueReader committed)
    {
        // the common case, on the door's and the executor's path: nothing changed, one read
        var latest = _latest;
        if (ConsortiumContract.ReadEpoch(committed) == latest.Epoch)
        {
            return latest;
        }

        // the counter and the org records from one commit
        if (committed is IKeyValueStore store)
        {
            using var snapshot = store.GetSnapshot();
            return Rebuild(snapshot);
        }

        return Rebuild(committed);
    }

    private Membership Rebuild(IKeyValueReader committed)
    {
        var epoch = ConsortiumContract.ReadEpoch(committed);
        var latest = _latest;
        if (latest.Epoch == epoch)
        {
            return latest;
        }

        var membership = new Membership(latest.Config, ConsortiumContract.ReadStandings(committed), epoch);

        // an older snapshot (a query racing a commit) never moves it back
        while (epoch > latest.Epoch && Interlocked.CompareExchange(ref _latest, membership, latest) != latest)
        {
            latest = _latest;
        }

        return membership;
    }
}
