namespace FtpLite.Tests.Support;

/// <summary>
/// Tests that measure the whole process (live heap, bytes written) run alone, so other tests' allocations and
/// writes do not count against them.
/// </summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone
{
    /// <summary>Bytes reachable after full collections: what the process holds, not what it once allocated.</summary>
    public static long LiveHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Bytes this process has passed to write() and send() so far (Linux /proc/self/io, "wchar").</summary>
    public static long BytesWritten()
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/io has no wchar line.");
    }
}
