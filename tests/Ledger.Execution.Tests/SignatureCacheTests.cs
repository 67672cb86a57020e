using Ledger.Core;
using Ledger.Execution;

namespace Ledger.Execution.Tests;

public sealed class SignatureCacheTests
{
    private static Hash32 Key(int i) => Hash32.Compute(BitConverter.GetBytes(i));

    [Fact]
    public void An_added_key_is_contained_and_another_is_not()
    {
        var cache = new SignatureCache();
        cache.Add(Key(1));

        Assert.True(cache.Contains(Key(1)));
        Assert.False(cache.Contains(Key(2)));
    }

    [Fact]
    public void The_key_covers_the_whole_signature_however_long()
    {
        var certificate = Key(1);
        var txId = Key(2);
        var signature = new byte[300];
        var other = (byte[])signature.Clone();
        other[^1] = 1;

        Assert.NotEqual(SignatureCache.KeyOf(certificate, txId, signature), SignatureCache.KeyOf(certificate, txId, other));
        Assert.NotEqual(SignatureCache.KeyOf(certificate, txId, signature[..64]), SignatureCache.KeyOf(certificate, txId, signature[..65]));
        Assert.NotEqual(SignatureCache.KeyOf(certificate, txId, signature[..64]), SignatureCache.KeyOf(txId, certificate, signature[..64]));
    }

    [Fact]
    public void The_zero_key_of_an_empty_slot_is_never_contained_even_when_added()
    {
        var cache = new SignatureCache();
        Assert.False(cache.Contains(Hash32.Zero));

        cache.Add(Hash32.Zero);

        Assert.False(cache.Contains(Hash32.Zero));
    }

    [Fact]
    public void A_key_displaced_by_a_later_one_in_its_slot_is_forgotten_and_the_later_one_kept()
    {
        var cache = new SignatureCache();
        var first = Key(0);
        var second = Enumerable.Range(1, 10_000_000).Select(Key).First(k => SignatureCache.SlotOf(k) == SignatureCache.SlotOf(first));
        cache.Add(first);

        cache.Add(second);

        Assert.False(cache.Contains(first));
        Assert.True(cache.Contains(second));
    }

    [Fact]
    public void A_key_that_differs_in_one_bit_from_a_cached_one_in_the_same_slot_is_not_contained()
    {
        var cache = new SignatureCache();
        var bytes = Key(7).ToArray();
        cache.Add(new Hash32(bytes));
        bytes[0] ^= 0x80; // the slot comes from the last bytes: same slot, other key

        Assert.Equal(SignatureCache.SlotOf(Key(7)), SignatureCache.SlotOf(new Hash32(bytes)));
        Assert.False(cache.Contains(new Hash32(bytes)));
    }

    [Fact]
    public void Under_concurrent_adds_and_reads_only_added_keys_are_ever_contained()
    {
        var cache = new SignatureCache();
        var added = Enumerable.Range(0, 4 * SignatureCache.Slots).Select(Key).ToArray();
        var never = Enumerable.Range(-200_000, 200_000).Select(Key).ToArray();
        var falsePositives = 0;

        Parallel.Invoke(
            () => Parallel.ForEach(added, cache.Add),
            () => Parallel.ForEach(never, k =>
            {
                if (cache.Contains(k))
                {
                    Interlocked.Increment(ref falsePositives);
                }
            }));

        Assert.Equal(0, falsePositives);
        Assert.Contains(added, cache.Contains); // the table is not left empty
        Assert.True(added.Count(cache.Contains) <= SignatureCache.Slots);
    }
}
