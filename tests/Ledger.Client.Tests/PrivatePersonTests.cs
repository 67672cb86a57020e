namespace Ledger.Client.Tests;

/// <summary>A private person stands on the ledger only as a salted hash an org computes locally.</summary>
public sealed class PrivatePersonTests
{
    private const string Salt = "manufacturer-dev-salt-7f3a9c";

    [Fact]
    public void The_hash_is_sha256_of_salt_nul_and_the_normalised_identifier()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Salt + "\0" + "43010219900101123X")));

        Assert.Equal(expected, PrivatePerson.Hash(Salt, " 43010219900101123x "));
        Assert.Equal(expected, PrivatePerson.Hash(Salt, "４３０１０２１９９００１０１１２３Ｘ")); // full-width forms fold to ASCII
    }

    [Fact]
    public void Another_org_salt_gives_another_hash_for_the_same_person()
    {
        Assert.NotEqual(PrivatePerson.Hash(Salt, "430102199001011234"), PrivatePerson.Hash("remanufacturer-dev-salt-52e1d0", "430102199001011234"));
    }

    [Theory]
    [InlineData("short", "430102199001011234")]
    [InlineData(Salt, "   ")]
    public void A_short_salt_or_an_empty_identifier_is_refused(string salt, string id)
    {
        Assert.Throws<ArgumentException>(() => PrivatePerson.Hash(salt, id));
    }
}
