using System.Text;
using FtpLite.Protocol;

namespace FtpLite.Tests.Protocol;

public sealed class LineReaderTests
{
    [Fact]
    public async Task Too_long_line_is_reported_once_and_the_next_line_still_reads()
    {
        var text = new string('A', 5000) + "\r\nNOOP\r\n";
        var reader = new FtpLineReader(new MemoryStream(Encoding.ASCII.GetBytes(text)), 2048, stripTelnet: true, releaseBufferWhenIdle: false);
        Assert.Equal(LineReadStatus.TooLong, (await reader.ReadLineAsync(default)).Status);
        var next = await reader.ReadLineAsync(default);
        Assert.Equal((LineReadStatus.Line, "NOOP"), next);
        Assert.Equal(LineReadStatus.EndOfStream, (await reader.ReadLineAsync(default)).Status);
    }

    [Fact]
    public async Task Telnet_interrupt_and_synch_before_abor_are_stripped()
    {
        byte[] bytes = [0xFF, 0xF4, 0xFF, 0xF2, (byte)'A', (byte)'B', (byte)'O', (byte)'R', (byte)'\r', (byte)'\n'];
        var reader = new FtpLineReader(new MemoryStream(bytes), 2048, stripTelnet: true, releaseBufferWhenIdle: false);
        Assert.Equal((LineReadStatus.Line, "ABOR"), await reader.ReadLineAsync(default));
    }

    [Fact]
    public async Task Utf8_names_decode()
    {
        var reader = new FtpLineReader(new MemoryStream(Encoding.UTF8.GetBytes("RETR größe 名前.txt\n")), 2048, stripTelnet: true, releaseBufferWhenIdle: false);
        Assert.Equal((LineReadStatus.Line, "RETR größe 名前.txt"), await reader.ReadLineAsync(default));
    }

    [Fact]
    public async Task Lines_split_across_reads_are_joined()
    {
        var reader = new FtpLineReader(new TrickleStream(Encoding.ASCII.GetBytes("USER anonymous\r\nPASS x\r\n")), 2048, stripTelnet: false, releaseBufferWhenIdle: false);
        Assert.Equal((LineReadStatus.Line, "USER anonymous"), await reader.ReadLineAsync(default));
        Assert.Equal((LineReadStatus.Line, "PASS x"), await reader.ReadLineAsync(default));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(65536)]
    public async Task Many_lines_of_mixed_lengths_come_out_whole_whatever_the_buffer(int bufferSize)
    {
        // Lines shorter and longer than the buffer, so the reader both moves unread tails to the front and grows.
        var lines = Enumerable.Range(0, 500).Select(i => new string((char)('a' + (i % 26)), (i * 37) % 300)).ToList();
        var bytes = Encoding.ASCII.GetBytes(string.Concat(lines.Select(line => line + "\r\n")));
        var reader = new FtpLineReader(new ChunkStream(bytes, 50), 1024, stripTelnet: false, releaseBufferWhenIdle: false, bufferSize);

        var read = new List<string>();
        while (await reader.ReadLineAsync(default) is (LineReadStatus.Line, var text))
        {
            read.Add(text);
        }

        Assert.Equal(lines, read);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(65536)]
    public async Task All_lines_are_handed_over_as_bytes_whatever_the_buffer(int bufferSize)
    {
        var lines = Enumerable.Range(0, 500).Select(i => new string((char)('a' + (i % 26)), (i * 37) % 300) + "é").ToList();
        var text = string.Concat(lines.Select((line, i) => line + (i % 2 == 0 ? "\r\n" : "\n")));
        var reader = new FtpLineReader(new ChunkStream(Encoding.UTF8.GetBytes(text + "last line, no newline"), 50), 1024, stripTelnet: false, releaseBufferWhenIdle: false, bufferSize);

        var read = new List<string>();
        Assert.True(await reader.ReadLinesToEndAsync(line => read.Add(Encoding.UTF8.GetString(line)), default));

        Assert.Equal([.. lines, "last line, no newline"], read);
    }

    [Theory]
    [InlineData("short\n" + "x")]
    [InlineData("short\n")]
    public async Task A_line_over_the_limit_stops_the_bytes_reader(string start)
    {
        var bytes = Encoding.ASCII.GetBytes(start + new string('x', 5000) + "\nnever\n");
        var reader = new FtpLineReader(new ChunkStream(bytes, 700), 2048, stripTelnet: false, releaseBufferWhenIdle: false, 65536);

        var read = new List<string>();
        Assert.False(await reader.ReadLinesToEndAsync(line => read.Add(Encoding.ASCII.GetString(line)), default));

        Assert.Equal(["short"], read);
    }

    /// <summary>Returns at most a fixed number of bytes per read.</summary>
    private sealed class ChunkStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    /// <summary>Returns one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
