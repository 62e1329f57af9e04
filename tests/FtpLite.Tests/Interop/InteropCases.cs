using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>The files every interop round trip moves: empty, one byte, a few MiB, spaced and non-ASCII names.</summary>
public static class InteropCases
{
    public const string NonAsciiName = "größe ñ 名前 é.bin";

    public static TheoryData<string, int> Files => new()
    {
        { "empty.bin", 0 },
        { "one.bin", 1 },
        { "big.bin", (3 * 1024 * 1024) + 17 },
        { "name with spaces.txt", 4099 },
        { NonAsciiName, 70_001 },
    };

    /// <summary><see cref="Files"/> against each peer server.</summary>
    public static TheoryData<PeerKind, string, int> PeerFiles
    {
        get
        {
            var data = new TheoryData<PeerKind, string, int>();
            foreach (var kind in Enum.GetValues<PeerKind>())
            {
                foreach (var row in Files)
                {
                    data.Add(kind, (string)row[0], (int)row[1]);
                }
            }

            return data;
        }
    }

    /// <summary>Deterministic content for a case; the name varies the bytes so no two cases share content.</summary>
    public static byte[] Content(string name, int length) =>
        TestData.Bytes(length, seed: length + name.Length);
}
