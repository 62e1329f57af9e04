using System.Text;
using FtpLite.Protocol;

namespace FtpLite.Tests.Protocol;

public sealed class ReplyReaderTests
{
    private static FtpReplyReader Reader(string text, int maxLine = 8192) =>
        new(new FtpLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLine, stripTelnet: false, releaseBufferWhenIdle: false));

    [Fact]
    public async Task Single_line()
    {
        var reply = await Reader("220 hello there\r\n").ReadAsync(default);
        Assert.Equal(220, reply.Code);
        Assert.Equal("hello there", reply.Message);
    }

    [Fact]
    public async Task Multi_line_feat()
    {
        var reply = await Reader("211-Features:\r\n EPSV\r\n MLST type*;size*;\r\n211 End\r\n").ReadAsync(default);
        Assert.Equal(211, reply.Code);
        Assert.Equal(["Features:", " EPSV", " MLST type*;size*;", "End"], reply.Lines);
    }

    [Fact]
    public async Task Multi_line_with_inner_code_lines_ends_only_at_code_space()
    {
        var reply = await Reader("250-first\r\n250-second\r\n123 other code\r\n250 done\r\n").ReadAsync(default);
        Assert.Equal(["first", "second", "123 other code", "done"], reply.Lines);
    }

    [Fact]
    public async Task Two_replies_in_a_row()
    {
        var reader = Reader("150 opening\r\n226 done\r\n");
        Assert.Equal(150, (await reader.ReadAsync(default)).Code);
        Assert.Equal(226, (await reader.ReadAsync(default)).Code);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n")]
    [InlineData("99 too short\r\n")]
    [InlineData("2200 no separator\r\n")]
    [InlineData("\u0001\u0002\u0003\r\n")]
    public async Task Garbage_is_a_protocol_error(string text) =>
        await Assert.ThrowsAsync<FtpProtocolException>(() => Reader(text).ReadAsync(default).AsTask());

    [Fact]
    public async Task An_endless_line_is_a_protocol_error_and_is_not_buffered()
    {
        var endless = "220 " + new string('x', 100_000) + "\r\n";
        await Assert.ThrowsAsync<FtpProtocolException>(() => Reader(endless, maxLine: 1024).ReadAsync(default).AsTask());
    }

    [Fact]
    public async Task An_endless_multi_line_reply_is_a_protocol_error()
    {
        var builder = new StringBuilder("211-start\r\n");
        for (var i = 0; i < FtpReplyReader.MaxReplyLines + 5; i++)
        {
            builder.Append(" more\r\n");
        }

        await Assert.ThrowsAsync<FtpProtocolException>(() => Reader(builder.ToString()).ReadAsync(default).AsTask());
    }

    [Fact]
    public async Task End_of_stream_is_a_lost_connection()
    {
        var error = await Assert.ThrowsAsync<FtpConnectionException>(() => Reader("220-partial\r\n").ReadAsync(default).AsTask());
        Assert.Equal(FtpConnectionFailure.ConnectionLost, error.Failure);
    }
}
