using System.Text.Json;

namespace FtpLite.Server;

/// <summary>Writes server events to a file, one JSON object per line, appending. Safe from many threads.</summary>
internal sealed class JsonLinesLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public JsonLinesLog(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public void Write(FtpServerEvent serverEvent)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["time"] = serverEvent.TimeUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["event"] = serverEvent.Kind.ToString(),
            ["message"] = serverEvent.Message,
            ["client"] = serverEvent.RemoteEndPoint?.ToString(),
            ["user"] = serverEvent.UserName,
            ["path"] = serverEvent.Path,
            ["bytes"] = serverEvent.Bytes,
        });
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
