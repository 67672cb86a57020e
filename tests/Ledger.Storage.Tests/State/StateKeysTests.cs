using Ledger.State;
using Ledger.Storage;

namespace Ledger.Storage.Tests.State;

public sealed class StateKeysTests
{
    [Fact]
    public void State_key_is_namespace_zero_byte_key()
    {
        Assert.Equal("equipment\0machine/X"u8.ToArray(), StateKeys.State("equipment", "machine/X"));
        Assert.Equal("machine/X", StateKeys.KeyOf(StateKeys.State("equipment", "machine/X"), "equipment"));
    }

    [Fact]
    public void Namespace_range_covers_exactly_its_keys()
    {
        var (from, to) = StateKeys.NamespaceRange("ns");
        var comparer = ByteArrayComparer.Instance;

        Assert.True(comparer.Compare(from, StateKeys.State("ns", "")) <= 0);
        Assert.True(comparer.Compare(StateKeys.State("ns", "\uFFFF"), to) < 0);
        Assert.True(comparer.Compare(StateKeys.State("nsa", ""), to) >= 0);
        Assert.True(comparer.Compare("ns"u8.ToArray(), from) < 0);
    }

    [Theory]
    [InlineData("00", "01")]
    [InlineData("0AFF", "0B")]
    [InlineData("01FFFF", "02")]
    [InlineData("", null)]
    [InlineData("FF", null)]
    [InlineData("FFFF", null)]
    public void Prefix_end_is_the_first_key_after_every_key_with_the_prefix(string prefix, string? expected)
    {
        var end = StateKeys.PrefixEnd(Convert.FromHexString(prefix));

        Assert.Equal(expected, end is null ? null : Convert.ToHexString(end));
    }

    [Fact]
    public void History_keys_of_one_state_key_sort_by_height_then_index()
    {
        var key = "k"u8.ToArray();
        var comparer = ByteArrayComparer.Instance;
        var ordered = new[] { StateKeys.History(key, 1, 0), StateKeys.History(key, 1, 256), StateKeys.History(key, 256, 0), StateKeys.History(key, ulong.MaxValue, 0) };

        Assert.Equal(ordered, ordered.Reverse().Order(comparer));
        Assert.All(ordered, k => Assert.Equal(StateKeys.HistoryPrefix(key), k[..5]));
    }

    [Fact]
    public void Heights_encode_big_endian_so_byte_order_is_numeric_order()
    {
        Assert.Equal(Convert.FromHexString("0000000000000100"), StateKeys.Height(256));
        Assert.True(ByteArrayComparer.Instance.Compare(StateKeys.Height(255), StateKeys.Height(256)) < 0);
    }
}
