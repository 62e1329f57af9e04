using FtpLite.Server.Accounts;

namespace FtpLite.Tests.Server.Accounts;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_is_salted_self_describing_and_verifies_only_its_password()
    {
        var first = FtpPasswordHash.Create("correct horse", FtpPasswordHash.MinimumIterations);
        var second = FtpPasswordHash.Create("correct horse", FtpPasswordHash.MinimumIterations);

        Assert.StartsWith($"pbkdf2-sha256${FtpPasswordHash.MinimumIterations}$", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("correct", first, StringComparison.Ordinal);
        Assert.True(FtpPasswordHash.Verify("correct horse", first));
        Assert.True(FtpPasswordHash.Verify("correct horse", second));
        Assert.False(FtpPasswordHash.Verify("correct horsE", first));
        Assert.False(FtpPasswordHash.Verify(string.Empty, first));
    }

    [Fact]
    public void New_hashes_use_600000_iterations_by_default()
    {
        Assert.Equal(600_000, FtpPasswordHash.DefaultIterations);
        Assert.StartsWith("pbkdf2-sha256$600000$", FtpPasswordHash.Create("x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-password")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$600000$not base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha1$600000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$-5$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("$2b$12$abcdefghijklmnopqrstuv")]
    public void Fast_plain_or_malformed_hashes_match_nothing(string stored)
    {
        Assert.False(FtpPasswordHash.IsValid(stored));
        Assert.False(FtpPasswordHash.Verify("plain-password", stored));
    }

    [Fact]
    public void Too_few_iterations_are_refused_when_hashing()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FtpPasswordHash.Create("x", FtpPasswordHash.MinimumIterations - 1));
    }
}
