using System.Text;
using FtpLite.Server;
using Xunit;

namespace FtpLite.Tests.Server;

/// <summary>
/// The pooled one-line reply path writes exactly the bytes of the general path, including for text that tries to
/// break the line (file names come from clients).
/// </summary>
public sealed class ReplyWriterTests
{
    public static TheoryData<string> Texts() => new()
    {
        "Login successful.",
        "",
        "naïve – 文件 – 🦀.txt",
        "evil\r\n230 forged",
        "nul\0inside",
        "lone \ud800 surrogate and \udc00 another",
        new string('x', FtpReplyWriter.MaxLineChars),
        new string('é', FtpReplyWriter.MaxLineChars),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void FormatLineWritesWhatFormatChunksWrites(string text)
    {
        var expected = FtpReplyWriter.FormatChunks(550, [text], 16 * 1024).SelectMany(chunk => chunk).ToArray();
        var buffer = new byte[FtpReplyWriter.MaxLineBytes];

        var length = FtpReplyWriter.FormatLine(550, text, buffer);

        Assert.Equal(expected, buffer[..length]);
        Assert.Single(Encoding.UTF8.GetString(buffer, 0, length).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void FormatLineRefusesTextLongerThanItsBuffer()
    {
        var buffer = new byte[FtpReplyWriter.MaxLineBytes];

        Assert.Throws<ArgumentOutOfRangeException>(() => FtpReplyWriter.FormatLine(200, new string('x', FtpReplyWriter.MaxLineChars + 1), buffer));
    }
}
