using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// What Send-FtpLiteFile and Receive-FtpLiteFile share: the overall progress bar, and -ThrottleLimit's
/// parallel connections (one set per session), drained at the end and closed however the pipeline ends.
/// </summary>
public abstract class FtpLiteTransferCmdlet : FtpLiteClientCmdlet
{
    private readonly Dictionary<FtpLiteSession, ParallelTransfers> _parallel = [];

    /// <summary>Transfer folders with everything in them, keeping the layout.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Continue transfers that stopped part way instead of starting over.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Compare hashes with the server after each transfer; a mismatch is an error.</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>Replace destination files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How many files to transfer at once, each on its own connection (1: one after the other).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>-Force, -Resume and -Verify as the core takes them.</summary>
    internal FtpLite.Client.FtpTransferOptions TransferOptions =>
        new() { Overwrite = Force.IsPresent, Resume = Resume.IsPresent, Verify = Verify.IsPresent };

    /// <summary>The overall progress bar; set up in BeginProcessing.</summary>
    internal BatchProgress Batch { get; private set; } = null!;

    /// <summary>The activity of the overall bar, e.g. "Sending files".</summary>
    private protected abstract string BatchActivity { get; }

    /// <inheritdoc />
    protected override void BeginProcessing() =>
        Batch = new BatchProgress(BatchActivity, WriteProgress, record => Post(() => WriteProgress(record)));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        foreach (var transfers in _parallel.Values)
        {
            Drain(transfers, all: true);
        }

        Batch.Complete();
    }

    /// <summary>The parallel transfers of a session, started on first use; null with -ThrottleLimit 1.</summary>
    internal ParallelTransfers? ParallelFor(FtpLiteSession session)
    {
        if (ThrottleLimit <= 1)
        {
            return null;
        }

        if (!_parallel.TryGetValue(session, out var transfers))
        {
            transfers = new ParallelTransfers(session.Client, ThrottleLimit, StopToken);
            _parallel[session] = transfers;
        }

        return transfers;
    }

    /// <inheritdoc />
    protected override void ReleaseResources()
    {
        foreach (var transfers in _parallel.Values)
        {
            transfers.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }

        _parallel.Clear();
        base.ReleaseResources();
    }
}
