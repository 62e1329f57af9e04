using System.Runtime.CompilerServices;
using FtpLite.FileSystem;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Listings;

/// <summary>
/// A folder "/huge" of generated files, made one at a time as the listing is read, that stops after
/// <paramref name="pauseAfter"/> of them until the test lets it go on: while it waits, the test sees what the
/// server has already sent, and which of the entries given out the server still holds (weak references to a
/// sample of the first ones).
/// </summary>
public sealed class GeneratedFolderFileSystem(int count, int pauseAfter) : PassThroughFileSystem(new MemoryFileSystem())
{
    public const string Folder = "/huge";

    private static readonly DateTime Time = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly List<WeakReference> _sampled = [];

    /// <summary>Set when the listing has given out <c>pauseAfter</c> entries and waits.</summary>
    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by the test to let the listing go on.</summary>
    public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the last entry was given out.</summary>
    public bool Finished { get; private set; }

    public static string NameOf(int index) => $"f{index:D7}.bin";

    /// <summary>How many of the sampled early entries are still reachable after a full collection.</summary>
    public int SampledStillHeld()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        lock (_sampled)
        {
            return _sampled.Count(reference => reference.IsAlive);
        }
    }

    public override ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) =>
        path == Folder ? ValueTask.FromResult<FtpFileSystemEntry?>(new FtpFileSystemEntry("huge", true, 0, Time)) : base.GetEntryAsync(path, cancellationToken);

    public override IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) =>
        directory == Folder ? GenerateAsync(cancellationToken) : base.ListAsync(directory, cancellationToken);

    private async IAsyncEnumerable<FtpFileSystemEntry> GenerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            if (i == pauseAfter)
            {
                Paused.TrySetResult();
                await Resume.Task.WaitAsync(cancellationToken);
            }

            var entry = new FtpFileSystemEntry(NameOf(i), false, i, Time);
            if (i < pauseAfter / 2 && i % 10 == 0)
            {
                lock (_sampled)
                {
                    _sampled.Add(new WeakReference(entry));
                }
            }

            yield return entry;
        }

        Finished = true;
    }
}
