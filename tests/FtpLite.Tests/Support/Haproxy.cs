using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace FtpLite.Tests.Support;

/// <summary>
/// A real HAProxy (Debian package haproxy, installed by tests/peers/install.sh) in TCP mode in front of FTP
/// nodes, started as a child process in the foreground (-db) with a generated configuration. HAProxy cannot
/// bind port 0, so its port is chosen the FreePort way; it is ready once its socket is listening.
/// </summary>
public sealed class Haproxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly TempDirectory _folder;

    private Haproxy(Process process, StringBuilder output, TempDirectory folder, IPEndPoint frontend, string configuration)
    {
        _process = process;
        _output = output;
        _folder = folder;
        Frontend = frontend;
        Configuration = configuration;
    }

    /// <summary>Where clients connect.</summary>
    public IPEndPoint Frontend { get; }

    /// <summary>The configuration it runs with.</summary>
    public string Configuration { get; }

    /// <summary>
    /// The configuration of a TCP-mode balancer on <paramref name="frontend"/> spreading control connections over
    /// <paramref name="nodes"/> round robin, each told who the client is with <paramref name="sendProxy"/>
    /// ("send-proxy" for v1, "send-proxy-v2" for v2). A node that refuses connections is skipped (redispatch).
    /// Timeouts are no shorter than FtpLite's 300 s idle timeout, so the balancer never cuts a session first.
    /// </summary>
    public static string Render(IPEndPoint frontend, IReadOnlyList<IPEndPoint> nodes, string sendProxy = "send-proxy-v2", IPAddress? source = null)
    {
        var text = new StringBuilder()
            .AppendLine("global")
            .AppendLine("    maxconn 4096")
            .AppendLine("defaults")
            .AppendLine("    mode tcp")
            .AppendLine("    timeout connect 5s")
            .AppendLine("    timeout client 310s")
            .AppendLine("    timeout server 310s")
            .AppendLine("    retries 2")
            .AppendLine("    option redispatch")
            .AppendLine("frontend ftp_control")
            .AppendLine(CultureInfo.InvariantCulture, $"    bind {frontend.Address}:{frontend.Port}")
            .AppendLine("    default_backend ftp_nodes")
            .AppendLine("backend ftp_nodes")
            .AppendLine("    balance roundrobin");
        if (source is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    source {source}");
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    server node{i + 1} {nodes[i].Address}:{nodes[i].Port} {sendProxy}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Starts HAProxy on a free port of <paramref name="address"/> in front of <paramref name="nodes"/>, connecting
    /// to them from <paramref name="source"/> when given (a balancer's own address, which the nodes list).
    /// </summary>
    public static async Task<Haproxy> StartAsync(IPAddress address, IReadOnlyList<IPEndPoint> nodes, string sendProxy = "send-proxy-v2", IPAddress? source = null)
    {
        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var frontend = new IPEndPoint(address, FreePort.Next());
            var configuration = Render(frontend, nodes, sendProxy, source);
            var folder = new TempDirectory("ftplite-haproxy-");
            var path = folder.WriteFile("haproxy.cfg", Encoding.ASCII.GetBytes(configuration));
            var output = new StringBuilder();
            var process = Start(["-db", "-f", path], output);
            if (await WaitUntilListeningAsync(process, frontend))
            {
                return new Haproxy(process, output, folder, frontend, configuration);
            }

            ChildProcess.Kill(process);
            lock (output)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"attempt {attempt} on {frontend}:").AppendLine(output.ToString());
            }

            process.Dispose();
            folder.Dispose();
        }

        Assert.Fail($"haproxy did not start. Install it with tests/peers/install.sh.{Environment.NewLine}{failures}");
        return null!;
    }

    /// <summary>Runs `haproxy -c -f <paramref name="path"/>`: is the configuration valid?</summary>
    public static Task<CommandResult> CheckAsync(string path) => ExternalCommand.RunAsync("haproxy", ["-c", "-f", path]);

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        _folder.Dispose();
    }

    private static Process Start(string[] arguments, StringBuilder output)
    {
        var info = new ProcessStartInfo("haproxy");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return ChildProcess.Start(info, output, "haproxy (it is installed by tests/peers/install.sh)");
    }

    /// <summary>
    /// Waits until the kernel lists <paramref name="endPoint"/> as listening (/proc/net/tcp), which probes
    /// nothing (a test connection would reach a node); false when HAProxy exits first or 20 s pass.
    /// </summary>
    private static async Task<bool> WaitUntilListeningAsync(Process process, IPEndPoint endPoint)
    {
        var wanted = ProcNetTcpAddress(endPoint);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[1] == wanted && fields[3] == "0A")
                {
                    return true;
                }
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>"0100007F:1F90" for 127.0.0.1:8080: the address as the kernel's little-endian hex, then the port.</summary>
    private static string ProcNetTcpAddress(IPEndPoint endPoint)
    {
        var bytes = endPoint.Address.GetAddressBytes();
        Array.Reverse(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexString(bytes)}:{endPoint.Port:X4}");
    }
}
