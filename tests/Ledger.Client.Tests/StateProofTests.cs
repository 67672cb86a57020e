using System.Numerics;
using System.Text;
using System.Text.Json;
using Ledger.Client.Proofs;
using Ledger.Core;
using Ledger.Core.Blocks;
using Ledger.Core.Merkle;
using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.TestKit;

namespace Ledger.Client.Tests;

/// <summary>
/// A ledger of a few hundred machines over several blocks (so every path has two levels or more),
/// then a transfer that changes one machine and a late registration: shared by every state proof
/// test, which only reads it.
/// </summary>
public sealed class StateProofLedger : IDisposable
{
    public const string Contract = "equipment";
    public const int Machines = 300;

    /// <summary>The machine whose record a transfer changes after <see cref="RegisteredHeight"/>.</summary>
    public const string Transferred = "machine/P1";

    /// <summary>Registered in the last block only.</summary>
    public const string Late = "machine/LATE1";

    /// <summary>The last block before the transfer: every <c>machine/P*</c> is registered, <see cref="Late"/> is not.</summary>
    public const ulong RegisteredHeight = 3;

    public StateProofLedger()
    {
        Ledger = new TestLedger(Consortium);
        var maker = Consortium.Transactions("manufacturer");
        var buyer = Consortium.Transactions("exporter");
        for (var b = 0; b < 3; b++)
        {
            CommitValid(Enumerable.Range(b * (Machines / 3), Machines / 3).Select(i => maker.Register($"P-{i}")).ToArray());
        }

        CommitValid(maker.Envelope(Contract, "ProposeTransfer", new { id = "P-1", to = "exporter" }));
        CommitValid(buyer.Envelope(Contract, "AcceptTransfer", new { id = "P-1" }), maker.Register("LATE-1"));
        Head = Ledger.Ledger.Head!.Height;

        // keys absent at the head, one whose path ends at another key's leaf and one whose path ends at a missing digit
        var candidates = Enumerable.Range(0, 10_000).Select(i => $"machine/ABSENT{i}").ToArray();
        AbsentAtLeaf = candidates.First(k => Ledger.Ledger.ProveState(Contract, k, Head).Path.Terminal is not null);
        AbsentAtDigit = candidates.First(k => Ledger.Ledger.ProveState(Contract, k, Head).Path.Terminal is null);
    }

    public TestConsortium Consortium { get; } = new();

    public TestLedger Ledger { get; }

    public ulong Head { get; }

    public string AbsentAtLeaf { get; }

    public string AbsentAtDigit { get; }

    public Block Genesis => Consortium.Genesis;

    public static string Machine(int i) => $"machine/P{i}";

    private void CommitValid(params byte[][] envelopes)
    {
        var block = Ledger.Commit(envelopes);
        if (block.Transactions.Any(t => t.Code != ValidationCode.Valid))
        {
            throw new InvalidOperationException($"block {block.Header.Height} has a transaction that is not valid");
        }
    }

    /// <summary>What <c>ledger proof state</c> writes (see <c>ProofBuilder.StateAsync</c>), built straight from the store.</summary>
    public StateProof Prove(string key, ulong? height = null, string ns = Contract) => Prove(Ledger, Genesis, key, height ?? Head, ns);

    /// <summary>What <c>ledger proof state</c> writes for any test ledger.</summary>
    public static StateProof Prove(TestLedger ledger, Block genesis, string key, ulong at, string ns = Contract)
    {
        var store = ledger.Ledger;
        var (header, value, path) = store.ProveState(ns, key, at);
        return new StateProof(
            StateProof.CurrentKind,
            genesis.Header.ChainId,
            genesis.Hash.ToHex(),
            ns,
            key,
            header.Height,
            Enumerable.Range(1, (int)at).Select(h => Convert.ToBase64String(store.GetHeaderBytes((ulong)h)!)).ToArray(),
            value is not null,
            value is null ? null : Convert.ToBase64String(value),
            path.Levels.Select(l => new StateProof.Level(l.Bitmap, l.Siblings.Select(s => s.ToHex()).ToArray())).ToArray(),
            path.Terminal is { } leaf ? new StateProof.Leaf(leaf.KeyHash.ToHex(), leaf.ValueHash.ToHex()) : null);
    }

    public void Dispose()
    {
        Ledger.Dispose();
        Consortium.Dispose();
    }
}

/// <summary>Offline state proofs: genuine ones hold (present, absent, at old heights), and every kind of tampering is named.</summary>
public sealed class StateProofTests(StateProofLedger chain) : IClassFixture<StateProofLedger>
{
    private const string Zero = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly string Key = StateProofLedger.Machine(7);

    private StateProof Membership => chain.Prove(Key);

    /// <summary>Checks the proof as a file would carry it (through its JSON).</summary>
    private VerificationResult Verify(StateProof proof, Block? genesis = null) =>
        OfflineVerifier.VerifyState(StateProof.Parse(proof.ToJson()), genesis ?? chain.Genesis);

    private void AssertFails(string check, StateProof proof, Block? genesis = null)
    {
        var result = Verify(proof, genesis);

        Assert.False(result.IsValid, $"a tampered proof was accepted: {result.Message}");
        Assert.Equal(check, result.Check);
    }

    private static int Digit(string key, int depth) => SparseMerkle.Digit(StateKey.Path(StateProofLedger.Contract, key), depth);

    private static string FlipHex(string hex, int at) => hex[..at] + (hex[at] == '0' ? '1' : '0') + hex[(at + 1)..];

    private static string FlipBase64Byte(string base64, int at)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[at] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }

    private static StateProof WithLevel(StateProof proof, int index, Func<StateProof.Level, StateProof.Level> change)
    {
        var levels = proof.Levels.ToArray();
        levels[index] = change(levels[index]);
        return proof with { Levels = levels };
    }

    /// <summary>The position in a level's siblings of the child at <paramref name="digit"/> (not the path's).</summary>
    private static int SiblingIndex(StateProof.Level level, int pathDigit, int digit) =>
        BitOperations.PopCount((uint)(level.Bitmap & ((1 << digit) - 1))) - (pathDigit < digit ? 1 : 0);

    private static string Text(StateProof proof) => Encoding.UTF8.GetString(Convert.FromBase64String(proof.Value!));

    private StateProof WithHeader(StateProof proof, int index, Func<BlockHeader, BlockHeader> change)
    {
        var headers = proof.Headers.ToArray();
        headers[index] = Convert.ToBase64String(change(BlockHeader.Decode(Convert.FromBase64String(headers[index]))).Encode());
        return proof with { Headers = headers };
    }

    private static Hash32 FlipByte(Hash32 hash, int at)
    {
        var bytes = hash.ToArray();
        bytes[at] ^= 0x01;
        return new Hash32(bytes);
    }

    // ---- genuine proofs ----

    [Fact]
    public void Every_machine_has_a_membership_proof_of_two_levels_or_more_that_holds()
    {
        for (var i = 0; i < StateProofLedger.Machines; i++)
        {
            var proof = chain.Prove(StateProofLedger.Machine(i));
            var result = Verify(proof);

            Assert.True(result.IsValid, $"{proof.Key}: {result.Check}: {result.Message}");
            Assert.True(proof.Present);
            Assert.True(proof.Levels.Count >= 2, $"{proof.Key} has {proof.Levels.Count} levels");
        }
    }

    [Fact]
    public void A_genuine_membership_proof_holds_and_names_the_key_and_its_value()
    {
        var proof = Membership;

        var result = Verify(proof);

        Assert.True(result.IsValid, result.Message);
        var value = Text(proof);
        Assert.Contains("\"id\":\"P7\"", value, StringComparison.Ordinal);
        Assert.Contains($"equipment/{Key} = {value} after block {chain.Head}", result.Message, StringComparison.Ordinal);
        Assert.Contains($"links to genesis {chain.Genesis.Hash}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_genuine_absence_proof_ending_at_another_keys_leaf_holds()
    {
        var proof = chain.Prove(chain.AbsentAtLeaf);

        var result = Verify(proof);

        Assert.False(proof.Present);
        Assert.Null(proof.Value);
        Assert.NotNull(proof.Terminal);
        Assert.NotEqual(StateKey.Path(StateProofLedger.Contract, chain.AbsentAtLeaf).ToHex(), proof.Terminal!.KeyHash);
        Assert.NotEmpty(proof.Levels);
        Assert.True(result.IsValid, result.Message);
        Assert.Contains($"equipment/{chain.AbsentAtLeaf} has no value after block {chain.Head}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_genuine_absence_proof_ending_at_a_missing_digit_holds()
    {
        var proof = chain.Prove(chain.AbsentAtDigit);

        var result = Verify(proof);

        Assert.False(proof.Present);
        Assert.Null(proof.Terminal);
        Assert.NotEmpty(proof.Levels);
        var last = proof.Levels[^1];
        Assert.Equal(0, last.Bitmap >> Digit(chain.AbsentAtDigit, proof.Levels.Count - 1) & 1);
        Assert.True(result.IsValid, result.Message);
        Assert.Contains($"equipment/{chain.AbsentAtDigit} has no value after block {chain.Head}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proof_at_an_old_height_holds_and_shows_the_value_before_a_later_transfer()
    {
        var old = chain.Prove(StateProofLedger.Transferred, StateProofLedger.RegisteredHeight);
        var head = chain.Prove(StateProofLedger.Transferred);

        var oldResult = Verify(old);
        var headResult = Verify(head);

        Assert.True(oldResult.IsValid, oldResult.Message);
        Assert.True(headResult.IsValid, headResult.Message);
        Assert.Equal(StateProofLedger.RegisteredHeight, old.Height);
        Assert.Equal((int)StateProofLedger.RegisteredHeight, old.Headers.Count);
        using var before = JsonDocument.Parse(Text(old));
        using var after = JsonDocument.Parse(Text(head));
        Assert.Equal("manufacturer", before.RootElement.GetProperty("owner").GetString());
        Assert.Equal("exporter", after.RootElement.GetProperty("owner").GetString());
        Assert.Contains($"after block {StateProofLedger.RegisteredHeight} ", oldResult.Message, StringComparison.Ordinal);
        Assert.Contains(Text(old), oldResult.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_absent_at_an_old_height_but_present_later_is_proven_absent_then_present()
    {
        var old = chain.Prove(StateProofLedger.Late, StateProofLedger.RegisteredHeight);
        var head = chain.Prove(StateProofLedger.Late);

        var oldResult = Verify(old);
        var headResult = Verify(head);

        Assert.False(old.Present);
        Assert.True(oldResult.IsValid, oldResult.Message);
        Assert.Contains("has no value", oldResult.Message, StringComparison.Ordinal);
        Assert.True(head.Present);
        Assert.True(headResult.IsValid, headResult.Message);
    }

    [Fact]
    public void The_empty_tree_at_height_zero_proves_any_key_absent()
    {
        var proof = chain.Prove(Key, 0);

        var result = Verify(proof);

        Assert.Empty(proof.Headers);
        Assert.Empty(proof.Levels);
        Assert.Null(proof.Terminal);
        Assert.False(proof.Present);
        Assert.True(result.IsValid, result.Message);
        Assert.Contains($"equipment/{Key} has no value after block 0", result.Message, StringComparison.Ordinal);
    }

    // ---- the value and the key ----

    [Fact]
    public void A_flipped_byte_in_the_value_does_not_match_the_leaf() =>
        AssertFails("value-does-not-match-leaf", Membership with { Value = FlipBase64Byte(Membership.Value!, 10) });

    [Fact]
    public void The_head_value_put_in_an_old_proof_does_not_match_the_old_leaf()
    {
        var old = chain.Prove(StateProofLedger.Transferred, StateProofLedger.RegisteredHeight);
        var head = chain.Prove(StateProofLedger.Transferred);

        AssertFails("value-does-not-match-leaf", old with { Value = head.Value });
    }

    [Fact]
    public void An_old_path_against_the_heads_state_root_is_a_root_mismatch()
    {
        var old = chain.Prove(StateProofLedger.Transferred, StateProofLedger.RegisteredHeight);
        var head = chain.Prove(StateProofLedger.Transferred);

        AssertFails("root-mismatch", head with { Value = old.Value, Levels = old.Levels, Terminal = old.Terminal });
    }

    [Fact]
    public void Another_key_name_on_a_membership_proof_needs_that_keys_own_leaf()
    {
        AssertFails("membership-needs-the-key's-own-leaf", Membership with { Key = StateProofLedger.Machine(8) });
        AssertFails("membership-needs-the-key's-own-leaf", Membership with { Key = chain.AbsentAtLeaf });
        AssertFails("membership-needs-the-key's-own-leaf", Membership with { Contract = "identity" });
    }

    [Fact]
    public void Key_As_path_claiming_key_B_and_its_value_needs_Bs_own_leaf()
    {
        var b = chain.Prove(StateProofLedger.Machine(8));

        AssertFails("membership-needs-the-key's-own-leaf", Membership with { Key = b.Key, Value = b.Value });
    }

    [Fact]
    public void Key_Bs_leaf_grafted_into_key_As_path_is_a_root_mismatch()
    {
        // B's digits are in A's bitmaps at every depth, so the path is well formed for B and only the hashes can tell
        var a = Membership;
        var b = Enumerable.Range(0, StateProofLedger.Machines).Select(StateProofLedger.Machine)
            .Where(k => k != Key)
            .Select(k => chain.Prove(k))
            .First(p => Enumerable.Range(0, a.Levels.Count).All(d => (a.Levels[d].Bitmap >> Digit(p.Key, d) & 1) == 1));

        AssertFails("root-mismatch", a with { Key = b.Key, Value = b.Value, Terminal = b.Terminal });
    }

    [Fact]
    public void Key_As_absence_path_claimed_for_a_key_off_its_path_is_refused()
    {
        var a = chain.Prove(chain.AbsentAtLeaf);
        var other = Enumerable.Range(0, 100).Select(i => $"machine/OFFPATH{i}")
            .First(k => !SparseMerkle.SharePrefix(Hash32.Parse(a.Terminal!.KeyHash), StateKey.Path(StateProofLedger.Contract, k), a.Levels.Count));

        AssertFails("absence-leaf-is-not-on-the-key's-path", a with { Key = other });
    }

    [Fact]
    public void A_membership_proof_claimed_as_absence_ends_at_the_keys_own_leaf() =>
        AssertFails("absence-proof-ends-at-the-key's-own-leaf", Membership with { Present = false, Value = null });

    [Fact]
    public void A_membership_proof_claimed_as_absence_without_its_leaf_has_the_digit_in_the_branch() =>
        AssertFails("absent-digit-is-in-the-branch", Membership with { Present = false, Value = null, Terminal = null });

    [Fact]
    public void An_absence_proof_claimed_as_membership_needs_the_keys_own_leaf()
    {
        var value = Convert.ToBase64String("{\"id\":\"ABSENT\"}"u8.ToArray());

        AssertFails("membership-needs-the-key's-own-leaf", chain.Prove(chain.AbsentAtLeaf) with { Present = true, Value = value });
        AssertFails("membership-needs-the-key's-own-leaf", chain.Prove(chain.AbsentAtDigit) with { Present = true, Value = value });
    }

    [Fact]
    public void A_claimed_value_at_height_zero_needs_a_leaf_and_a_made_up_leaf_is_a_root_mismatch()
    {
        var empty = chain.Prove(Key, 0);
        var value = Membership.Value;

        AssertFails("membership-needs-the-key's-own-leaf", empty with { Present = true, Value = value });
        var keyHash = StateKey.Path(StateProofLedger.Contract, Key).ToHex();
        var valueHash = Hash32.Compute(Convert.FromBase64String(value!)).ToHex();
        AssertFails("root-mismatch", empty with { Present = true, Value = value, Terminal = new StateProof.Leaf(keyHash, valueHash) });
    }

    [Fact]
    public void Present_without_a_value_is_an_encoding_failure() =>
        AssertFails("encoding", Membership with { Value = null });

    [Fact]
    public void Absent_with_a_value_is_an_encoding_failure() =>
        AssertFails("encoding", chain.Prove(chain.AbsentAtDigit) with { Value = Convert.ToBase64String("x"u8.ToArray()) });

    // ---- the path ----

    [Fact]
    public void A_flipped_bit_in_a_sibling_is_a_root_mismatch()
    {
        var depth = Membership.Levels.Count - 1;

        AssertFails("root-mismatch", WithLevel(Membership, depth, l => l with { Siblings = [FlipHex(l.Siblings[0], 17), .. l.Siblings.Skip(1)] }));
        AssertFails("root-mismatch", WithLevel(Membership, 0, l => l with { Siblings = [.. l.Siblings.SkipLast(1), FlipHex(l.Siblings[^1], 63)] }));
    }

    [Fact]
    public void Two_siblings_swapped_are_a_root_mismatch()
    {
        var root = Membership.Levels[0];
        Assert.True(root.Siblings.Count >= 2);
        Assert.NotEqual(root.Siblings[0], root.Siblings[1]);

        AssertFails("root-mismatch", WithLevel(Membership, 0, l => l with { Siblings = [l.Siblings[1], l.Siblings[0], .. l.Siblings.Skip(2)] }));
    }

    [Fact]
    public void A_flipped_bitmap_bit_other_than_the_paths_digit_no_longer_matches_the_sibling_count()
    {
        // A level's bitmap says how many children the branch has, so how many siblings the proof must
        // carry for it (all but the one on the path). Flipping any bit other than the path's digit adds or
        // removes a child the siblings do not account for: the count check fires before anything is
        // hashed. (Whether the bit was set or clear does not matter; both are tried.)
        var proof = Membership;
        var depth = proof.Levels.Count - 1;
        var pathDigit = Digit(Key, depth);
        var bitmap = proof.Levels[depth].Bitmap;
        var set = Enumerable.Range(0, 16).First(d => d != pathDigit && (bitmap >> d & 1) == 1);
        var clear = Enumerable.Range(0, 16).FirstOrDefault(d => (bitmap >> d & 1) == 0, -1);

        AssertFails("sibling-count-does-not-match-bitmap", WithLevel(proof, depth, l => l with { Bitmap = (ushort)(l.Bitmap ^ 1 << set) }));
        if (clear >= 0)
        {
            AssertFails("sibling-count-does-not-match-bitmap", WithLevel(proof, depth, l => l with { Bitmap = (ushort)(l.Bitmap ^ 1 << clear) }));
        }
    }

    [Fact]
    public void A_cleared_bitmap_bit_at_the_paths_digit_leaves_the_path_out_of_the_branch()
    {
        // with the path's own digit cleared, the branch no longer has the child the proof comes up through
        var depth = Membership.Levels.Count - 1;

        AssertFails("path-digit-not-in-the-branch", WithLevel(Membership, depth, l => l with { Bitmap = (ushort)(l.Bitmap ^ 1 << Digit(Key, depth)) }));
    }

    [Fact]
    public void A_cleared_bitmap_bit_with_its_sibling_dropped_is_a_root_mismatch()
    {
        // consistent bitmap and siblings: the branch hash binds the bitmap
        var root = Membership.Levels[0];
        var pathDigit = Digit(Key, 0);
        var other = Enumerable.Range(0, 16).First(d => d != pathDigit && (root.Bitmap >> d & 1) == 1);
        var index = SiblingIndex(root, pathDigit, other);
        Assert.True(BitOperations.PopCount(root.Bitmap) >= 3);

        AssertFails("root-mismatch", WithLevel(Membership, 0, l => new StateProof.Level((ushort)(l.Bitmap & ~(1 << other)), l.Siblings.Where((_, i) => i != index).ToArray())));
    }

    [Fact]
    public void A_path_without_its_last_level_is_a_root_mismatch()
    {
        var proof = Membership;
        Assert.True(proof.Levels.Count >= 2);
        // the level that becomes the last one has other children, so the path stays well formed
        Assert.True(BitOperations.PopCount(proof.Levels[^2].Bitmap) >= 2);

        AssertFails("root-mismatch", proof with { Levels = proof.Levels.SkipLast(1).ToArray() });
    }

    [Fact]
    public void A_path_without_its_first_level_leaves_the_path_out_of_a_branch()
    {
        // Without the root level every branch is read one depth too shallow, against the key's digit of
        // the depth above its own. The verifier starts from the bottom: for a key whose deepest branch has
        // no child at the key's digit of the depth above, the path cannot come up through that branch.
        var proof = Enumerable.Range(0, StateProofLedger.Machines).Select(StateProofLedger.Machine).Select(k => chain.Prove(k))
            .First(p => (p.Levels[^1].Bitmap >> Digit(p.Key, p.Levels.Count - 2) & 1) == 0);

        AssertFails("path-digit-not-in-the-branch", proof with { Levels = proof.Levels.Skip(1).ToArray() });
    }

    [Fact]
    public void A_path_extended_by_a_branch_over_the_leaf_alone_is_not_canonical()
    {
        var proof = Membership;
        var depth = proof.Levels.Count;
        var extra = new StateProof.Level((ushort)(1 << Digit(Key, depth)), []);

        AssertFails("non-canonical-path", proof with { Levels = [.. proof.Levels, extra] });
    }

    [Fact]
    public void A_path_extended_by_a_branch_with_a_made_up_sibling_is_a_root_mismatch()
    {
        var proof = Membership;
        var depth = proof.Levels.Count;
        var digit = Digit(Key, depth);
        var extra = new StateProof.Level((ushort)(1 << digit | 1 << (digit ^ 1)), [Hash32.Compute("made up"u8).ToHex()]);

        AssertFails("root-mismatch", proof with { Levels = [.. proof.Levels, extra] });
    }

    [Fact]
    public void A_zero_hash_sibling_is_not_canonical() =>
        AssertFails("non-canonical-path", WithLevel(Membership, 0, l => l with { Siblings = [Zero, .. l.Siblings.Skip(1)] }));

    [Fact]
    public void A_missing_sibling_does_not_match_the_bitmap() =>
        AssertFails("sibling-count-does-not-match-bitmap", WithLevel(Membership, 0, l => l with { Siblings = l.Siblings.Skip(1).ToArray() }));

    [Fact]
    public void An_extra_sibling_does_not_match_the_bitmap() =>
        AssertFails("sibling-count-does-not-match-bitmap", WithLevel(Membership, Membership.Levels.Count - 1, l => l with { Siblings = [.. l.Siblings, l.Siblings[0]] }));

    [Fact]
    public void A_sibling_at_the_absent_digit_of_an_absence_proof_does_not_match_the_bitmap()
    {
        var proof = chain.Prove(chain.AbsentAtDigit);

        AssertFails("sibling-count-does-not-match-bitmap", WithLevel(proof, proof.Levels.Count - 1, l => l with { Siblings = [.. l.Siblings, Hash32.Compute("made up"u8).ToHex()] }));
    }

    [Fact]
    public void More_than_sixty_four_levels_are_too_long()
    {
        var level = Membership.Levels[0];

        AssertFails("path-too-long", Membership with { Levels = Enumerable.Repeat(level, SparseMerkle.MaxDepth + 1).ToArray() });
        var atMost = Verify(Membership with { Levels = Enumerable.Repeat(level, SparseMerkle.MaxDepth).ToArray() });
        Assert.False(atMost.IsValid);
        Assert.NotEqual("path-too-long", atMost.Check);
    }

    // ---- encoding ----

    [Fact]
    public void A_sibling_that_is_not_hex_is_an_encoding_failure() =>
        AssertFails("encoding", WithLevel(Membership, 0, l => l with { Siblings = ["abc", .. l.Siblings.Skip(1)] }));

    [Fact]
    public void A_value_that_is_not_base64_is_an_encoding_failure() =>
        AssertFails("encoding", Membership with { Value = "not base64!" });

    [Fact]
    public void A_terminal_hash_that_is_not_hex_is_an_encoding_failure() =>
        AssertFails("encoding", Membership with { Terminal = Membership.Terminal! with { ValueHash = new string('z', 64) } });

    [Fact]
    public void A_header_that_is_not_base64_is_an_encoding_failure() =>
        AssertFails("encoding", Membership with { Headers = [.. Membership.Headers.SkipLast(1), "%%%"] });

    [Fact]
    public void A_contract_with_nul_or_an_empty_key_is_refused()
    {
        AssertFails("key", Membership with { Contract = "equip\0ment" });
        AssertFails("key", Membership with { Key = string.Empty });
        AssertFails("key", Membership with { Contract = string.Empty });
    }

    // ---- the header chain ----

    [Fact]
    public void A_flipped_byte_in_the_last_headers_state_root_is_a_root_mismatch() =>
        AssertFails("root-mismatch", WithHeader(Membership, Membership.Headers.Count - 1, h => h with { StateRoot = FlipByte(h.StateRoot, 5) }));

    [Fact]
    public void A_tampered_middle_header_breaks_the_link_to_the_next()
    {
        Assert.True(Membership.Headers.Count >= 3);

        AssertFails("header-link", WithHeader(Membership, 1, h => h with { StateRoot = FlipByte(h.StateRoot, 0) }));
    }

    [Fact]
    public void A_claimed_height_other_than_the_last_header_is_refused()
    {
        AssertFails("height", Membership with { Height = chain.Head + 1 });
        AssertFails("height", Membership with { Height = chain.Head - 1 });
    }

    [Fact]
    public void The_headers_of_another_height_are_refused()
    {
        // the headers end one block early: the proof claims the head but the last header is not it
        AssertFails("height", Membership with { Headers = Membership.Headers.SkipLast(1).ToArray() });
        AssertFails("header-height", Membership with { Headers = Membership.Headers.Skip(1).ToArray() });
    }

    [Fact]
    public void A_proof_against_another_genesis_is_refused()
    {
        using var other = new TestConsortium();

        AssertFails("genesis", Membership, other.Genesis);
    }

    [Fact]
    public void A_proof_for_another_chain_is_refused() =>
        AssertFails("chain-id", Membership with { ChainId = "another-chain" });

    // ---- files ----

    [Fact]
    public void ProofFile_parses_a_state_proof_file_as_a_state_proof()
    {
        var parsed = ProofFile.Parse(Membership.ToJson());

        var proof = Assert.IsType<StateProof>(parsed);
        Assert.Equal(Membership.Key, proof.Key);
        Assert.Equal(Membership.Levels.Count, proof.Levels.Count);
        Assert.True(OfflineVerifier.VerifyState(proof, chain.Genesis).IsValid);
    }

    [Fact]
    public void ProofFile_parses_a_transaction_proof_file_as_a_transaction_proof()
    {
        var tx = new TransactionProof(TransactionProof.CurrentKind, "c", Zero, Zero, 1, [], "AA==", 0, []);

        var parsed = ProofFile.Parse(tx.ToJson());

        Assert.Equal(tx.TxId, Assert.IsType<TransactionProof>(parsed).TxId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    [InlineData("{\"kind\":\"ledger.state-proof/2\"}")]
    [InlineData("{\"kind\":7}")]
    [InlineData("{\"kind\":\"ledger.state-proof/1\"}")]
    [InlineData("{\"kind\":\"ledger.state-proof/1\",\"chainId\":\"c\",\"genesisHash\":\"00\",\"contract\":\"equipment\",\"key\":\"k\",\"height\":0,\"headers\":[],\"present\":false,\"levels\":[{\"bitmap\":1}]}")]
    [InlineData("{\"kind\":\"ledger.state-proof/1\",\"chainId\":\"c\",\"genesisHash\":\"00\",\"contract\":\"equipment\",\"key\":\"k\",\"height\":0,\"headers\":[],\"present\":false,\"levels\":[{\"bitmap\":70000,\"siblings\":[]}]}")]
    [InlineData("{\"kind\":\"ledger.tx-proof/1\"}")]
    public void ProofFile_refuses_what_is_not_a_proof_of_a_known_kind(string json) =>
        Assert.Throws<FormatException>(() => ProofFile.Parse(json));

    [Fact]
    public void A_state_proof_round_trips_through_its_json()
    {
        var proof = chain.Prove(chain.AbsentAtLeaf);

        var parsed = StateProof.Parse(proof.ToJson());

        Assert.Equal(proof.ToJson(), parsed.ToJson());
        Assert.Equal(proof.Terminal, parsed.Terminal);
    }
}

/// <summary>A tree of one key is that key's leaf: proofs with no levels at all.</summary>
public sealed class SingleKeyStateProofTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;
    private readonly string _only;

    /// <summary>A state of one key: the revocation of one certificate (a registration also writes its index entries).</summary>
    public SingleKeyStateProofTests()
    {
        _ledger = new TestLedger(_consortium);
        using var clerk = _consortium.Issue("manufacturer", "clerk");
        var pem = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", clerk.Certificate.Der);
        var record = _ledger.Commit(_consortium.Transactions("manufacturer").Envelope("identity", "Revoke", new { certificate = pem })).Transactions[0];
        Assert.True(record.Code == ValidationCode.Valid, record.Reason);
        _only = IdentityContract.RevokedKey(clerk.Certificate.Hash);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    private StateProof Prove(string key) => StateProofLedger.Prove(_ledger, _consortium.Genesis, key, 1, IdentityContract.ContractName);

    private VerificationResult Verify(StateProof proof) => OfflineVerifier.VerifyState(StateProof.Parse(proof.ToJson()), _consortium.Genesis);

    [Fact]
    public void The_only_key_is_proven_by_its_leaf_alone()
    {
        var proof = Prove(_only);

        var result = Verify(proof);

        Assert.Empty(proof.Levels);
        Assert.Equal(StateKey.Path(IdentityContract.ContractName, _only).ToHex(), proof.Terminal!.KeyHash);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Another_key_is_proven_absent_by_the_only_leaf()
    {
        var proof = Prove("revoked/other");

        var result = Verify(proof);

        Assert.Empty(proof.Levels);
        Assert.False(proof.Present);
        Assert.Equal(StateKey.Path(IdentityContract.ContractName, _only).ToHex(), proof.Terminal!.KeyHash);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Absence_claimed_with_no_leaf_and_no_levels_under_a_non_empty_root_is_a_root_mismatch()
    {
        var result = Verify(Prove("revoked/other") with { Terminal = null });

        Assert.False(result.IsValid);
        Assert.Equal("root-mismatch", result.Check);
    }

    [Fact]
    public void The_only_key_claimed_absent_ends_at_its_own_leaf()
    {
        var result = Verify(Prove(_only) with { Present = false, Value = null });

        Assert.False(result.IsValid);
        Assert.Equal("absence-proof-ends-at-the-key's-own-leaf", result.Check);
    }
}
