namespace FtpLite.Tests.Support;

/// <summary>
/// The test classes whose servers or clients run on timeouts of a few hundred milliseconds (idle and data
/// timeouts, progress intervals). xunit runs this collection alone, after the parallel ones (xunit.runner.json),
/// so that the other classes do not take the machine's few cores while such a timeout is running.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive, run alone";
}
