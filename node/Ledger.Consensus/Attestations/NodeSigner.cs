using Ledger.Core.Identity;

namespace Ledger.Consensus.Attestations;

/// <summary>
/// The node's own signing key for attestations: its node certificate from its org's CA, read from
/// the node identity file on first use (a dev consortium writes it on first run). None when the
/// file does not exist.
/// </summary>
public sealed class NodeSigner(string path) : IDisposable
{
    private readonly Lazy<SigningIdentity?> _identity = new(() => Load(path));

    /// <exception cref="FormatException">The file exists but holds no identity.</exception>
    public SigningIdentity? Identity => _identity.Value;

    public void Dispose()
    {
        if (_identity.IsValueCreated)
        {
            _identity.Value?.Dispose();
        }
    }

    private static SigningIdentity? Load(string path) =>
        File.Exists(path) ? IdentityDocument.Parse(File.ReadAllText(path)).ToSigningIdentity() : null;
}
