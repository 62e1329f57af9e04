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
        var fields = new Dictionary<string, object?>
        {
            ["time"] = serverEvent.TimeUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["event"] = serverEvent.Kind.ToString(),
            ["message"] = serverEvent.Message,
            ["client"] = serverEvent.RemoteEndPoint?.ToString(),
            ["user"] = serverEvent.UserName,
            ["path"] = serverEvent.Path,
            ["bytes"] = serverEvent.Bytes,
        };

        // Only where they apply, so the lines of other events keep their shape.
        if (serverEvent.Duration is { } duration)
        {
            fields["durationMs"] = (long)duration.TotalMilliseconds;
        }

        if (serverEvent.Change is { } change)
        {
            fields["change"] = change.ToString();
        }

        if (serverEvent.FromPath is { } from)
        {
            fields["from"] = from;
        }

        var line = JsonSerializer.Serialize(fields);
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
