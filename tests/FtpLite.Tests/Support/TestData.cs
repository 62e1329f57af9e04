namespace FtpLite.Tests.Support;

public static class TestData
{
    /// <summary>Deterministic pseudo-random bytes: every length and seed gives the same content.</summary>
    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
