using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FtpLite.PowerShell.Cmdlets;

namespace FtpLite.Tests.Support;

/// <summary>
/// One FtpLite node as a real process, as docs/scaling.md runs one: Start-FtpLiteServer -Wait in a child pwsh,
/// serving an S3 bucket behind the balancer (PROXY headers from <see cref="FtpCluster.BalancerSource"/>), with its
/// own passive address and ports. <see cref="Kill"/> is SIGKILL: no clean-up of any kind runs in the node.
/// </summary>
public sealed class FtpNodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(180);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private FtpNodeProcess(Process process, StringBuilder output, IPEndPoint endPoint)
    {
        _process = process;
        _output = output;
        EndPoint = endPoint;
    }

    /// <summary>Where the node's control port listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>What the node printed so far.</summary>
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
    /// Starts a node on <paramref name="endPoint"/> over <paramref name="bucket"/>/<paramref name="prefix"/> and
    /// returns once it serves (its "Serving ... at ftp://" line), having aborted at start the multipart uploads
    /// older than <paramref name="staleUploadAgeSec"/>.
    /// </summary>
    public static async Task<FtpNodeProcess> StartAsync(IPEndPoint endPoint, int passivePort, CephS3Gateway gateway, string bucket, string prefix, int staleUploadAgeSec)
    {
        var module = typeof(ConnectFtpLiteCommand).Assembly.Location;
        var address = endPoint.Address.ToString();
        var script = string.Create(CultureInfo.InvariantCulture,
            $"$keys = [pscredential]::new($env:FTPLITE_S3_KEY, (ConvertTo-SecureString $env:FTPLITE_S3_SECRET -AsPlainText -Force)); "
            + $"Import-Module '{module}'; "
            + $"Start-FtpLiteServer -Address {address} -Port {endPoint.Port} -AllowAnonymousWrite -ProxyProtocolFrom {FtpCluster.BalancerSource} "
            + $"-PassiveAddress {address} -PassivePortRange {passivePort}, {passivePort + 1} "
            + $"-S3Bucket '{bucket}' -S3Prefix '{prefix}' -S3Endpoint '{gateway.Endpoint}' -S3Region us-east-1 -S3ForcePathStyle -S3Credential $keys "
            + $"-S3StaleUploadAgeSec {staleUploadAgeSec} -Wait");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot(), RedirectStandardInput = true };
        foreach (var argument in new[] { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", script })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["FTPLITE_S3_KEY"] = gateway.AccessKey;
        info.Environment["FTPLITE_S3_SECRET"] = gateway.SecretKey;
        var output = new StringBuilder();
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = $"at ftp://{address}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}/";
        var process = ChildProcess.Start(info, output, "pwsh with Start-FtpLiteServer (dotnet tool restore installs it)");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(ready, StringComparison.Ordinal) == true)
            {
                serving.TrySetResult();
            }
        };
        process.Exited += (_, _) => serving.TrySetResult();
        process.EnableRaisingEvents = true;
        var node = new FtpNodeProcess(process, output, endPoint);
        if (node.Output.Contains(ready, StringComparison.Ordinal))
        {
            serving.TrySetResult();
        }

        try
        {
            await serving.Task.WaitAsync(StartBound);
        }
        catch (TimeoutException)
        {
        }

        if (process.HasExited || !node.Output.Contains(ready, StringComparison.Ordinal))
        {
            await node.DisposeAsync();
            Assert.Fail($"The node on {endPoint} did not start serving. Its output:\n{node.Output}");
        }

        return node;
    }

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        ChildProcess.Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync() => await ChildProcess.StopAsync(_process);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository (its .config/dotnet-tools.json, which names pwsh) was not found above the test binaries.");
    }
}
