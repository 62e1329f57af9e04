using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FtpLite.Client;

namespace FtpLite.Tests.Support;

/// <summary>The third-party FTP servers the interop tests run against (see tests/peers).</summary>
public enum PeerKind
{
    /// <summary>vsftpd 3.0.3: LIST only (no MLSD/MLST), an empty LIST for a missing path.</summary>
    Vsftpd,

    /// <summary>pyftpdlib: MLSD/MLST, SIZE, MDTM.</summary>
    Pyftpdlib,
}

/// <summary>
/// A real vsftpd or pyftpdlib, started with tests/peers/start-*.sh on a free loopback port and serving a fresh
/// temp folder to the peer user. Dispose kills the process tree and deletes the folder.
/// </summary>
public sealed partial class PeerServer : IAsyncDisposable
{
    private static readonly TimeSpan GreetingTimeout = TimeSpan.FromSeconds(20);
    private const int StartAttempts = 3;

    private readonly Process _process;
    private readonly StringBuilder _output;

    private PeerServer(PeerKind kind, TempDirectory root, int port, Process process, StringBuilder output)
    {
        Kind = kind;
        Root = root;
        Port = port;
        _process = process;
        _output = output;
    }

    public PeerKind Kind { get; }

    /// <summary>The folder the peer serves as "/".</summary>
    public TempDirectory Root { get; }

    public int Port { get; }

    /// <summary>The folder holding the peer scripts (tests/peers of this repository).</summary>
    public static string PeersDirectory { get; } = FindPeersDirectory();

    /// <summary>The peer user from tests/peers/peer-user.sh.</summary>
    public static NetworkCredential Credential { get; } = ReadCredential();

    /// <summary>What the peer process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the peer and waits until it greets with 220. Fails the test with the peer's output when it cannot
    /// start, exits early or does not greet in time: a missing peer is a failure, not a skip.
    /// </summary>
    public static async Task<PeerServer> StartAsync(PeerKind kind, params string[] extraVsftpdConfig)
    {
        var script = Path.Combine(PeersDirectory, kind == PeerKind.Vsftpd ? "start-vsftpd.sh" : "start-pyftpdlib.sh");
        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var root = new TempDirectory("ftplite-peer-");
            var port = FreePort.Next();
            var output = new StringBuilder();
            var process = StartScript(script, root.Path, port, kind == PeerKind.Vsftpd ? extraVsftpdConfig : [], output);
            var problem = await WaitForGreetingAsync(process, port, output);
            if (problem is null)
            {
                return new PeerServer(kind, root, port, process, output);
            }

            var leftover = VsftpdConfigFile(process);
            ChildProcess.Kill(process);
            process.WaitForExit(5000);
            if (leftover is not null)
            {
                File.Delete(leftover);
            }

            string text;
            lock (output)
            {
                text = output.ToString();
            }

            failures.AppendLine(CultureInfo.InvariantCulture, $"attempt {attempt} on port {port}: {problem}")
                .AppendLine(CultureInfo.InvariantCulture, $"--- {kind} output ---")
                .AppendLine(text);
            process.Dispose();
            root.Dispose();

            // Only a port taken between choosing and binding it is worth another try.
            if (!text.Contains("bind", StringComparison.OrdinalIgnoreCase) && !text.Contains("in use", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
        }

        Assert.Fail($"{kind} did not start (script {script}). Install the peers with tests/peers/install.sh.{Environment.NewLine}{failures}");
        return null!;
    }

    /// <summary>Connects FtpLite's client to the peer as the peer user.</summary>
    public Task<FtpClient> ConnectAsync(TimeSpan? timeout = null) =>
        FtpClient.ConnectAsync(new FtpClientOptions
        {
            Host = "127.0.0.1",
            Port = Port,
            Credential = Credential,
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
        });

    public async ValueTask DisposeAsync()
    {
        var leftover = VsftpdConfigFile(_process);
        await ChildProcess.StopAsync(_process);
        Root.Dispose();
        if (leftover is not null)
        {
            File.Delete(leftover);
        }
    }

    public override string ToString() => $"{Kind} on 127.0.0.1:{Port}";

    private static Process StartScript(string script, string root, int port, string[] extraConfig, StringBuilder output)
    {
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardInput = true };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(root);
        startInfo.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var line in extraConfig)
        {
            startInfo.ArgumentList.Add(line);
        }

        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        return ChildProcess.Start(startInfo, output, $"bash for {script}");
    }

    /// <summary>Null once the peer greets with 220 on its port; otherwise why it did not.</summary>
    private static async Task<string?> WaitForGreetingAsync(Process process, int port, StringBuilder output)
    {
        var clock = Stopwatch.StartNew();
        string last = "nothing listened on the port";
        while (clock.Elapsed < GreetingTimeout)
        {
            if (process.HasExited)
            {
                // Let the output readers drain before the caller reads what the peer said.
                await process.WaitForExitAsync();
                return $"the peer exited with status {process.ExitCode} before greeting";
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token);
                var line = await ReadLineAsync(socket, attempt.Token);
                if (line.StartsWith("220", StringComparison.Ordinal))
                {
                    await socket.SendAsync("QUIT\r\n"u8.ToArray(), SocketFlags.None, attempt.Token);
                    return null;
                }

                return $"the peer greeted with '{line}' instead of 220";
            }
            catch (SocketException ex)
            {
                last = ex.Message;
            }
            catch (OperationCanceledException)
            {
                last = "connected, but no greeting within 5 s";
            }

            await Task.Delay(50);
        }

        return $"no 220 greeting within {GreetingTimeout.TotalSeconds:0} s ({last})";
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[512];
        while (received.Count < 4096)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (count == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, count));
            if (received.Contains((byte)'\n'))
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(received.ToArray()).Split('\n')[0].TrimEnd('\r');
    }

    /// <summary>
    /// start-vsftpd.sh writes a temp config, execs vsftpd on it and deletes it from a subshell 3 s later; killing
    /// the process tree sooner kills that subshell too. The config path is vsftpd's argument: read it from /proc.
    /// </summary>
    private static string? VsftpdConfigFile(Process process)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{process.Id}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.LastOrDefault(argument =>
                Path.GetDirectoryName(argument) == "/tmp" &&
                Path.GetFileName(argument).StartsWith("ftplite-vsftpd-", StringComparison.Ordinal) &&
                argument.EndsWith(".conf", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string FindPeersDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "peers");
            if (File.Exists(Path.Combine(candidate, "start-vsftpd.sh")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/peers was not found above {AppContext.BaseDirectory}.");
    }

    private static NetworkCredential ReadCredential()
    {
        var script = File.ReadAllText(Path.Combine(PeersDirectory, "peer-user.sh"));
        var user = PeerUser().Match(script);
        var password = PeerPassword().Match(script);
        if (!user.Success || !password.Success)
        {
            throw new InvalidOperationException("peer-user.sh does not set FTPLITE_PEER_USER and FTPLITE_PEER_PASSWORD.");
        }

        return new NetworkCredential(user.Groups[1].Value, password.Groups[1].Value);
    }

    [GeneratedRegex(@"^FTPLITE_PEER_USER=['""]?([^'""\s]+)['""]?\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PeerUser();

    [GeneratedRegex(@"^FTPLITE_PEER_PASSWORD=['""]?([^'""\s]+)['""]?\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PeerPassword();
}
