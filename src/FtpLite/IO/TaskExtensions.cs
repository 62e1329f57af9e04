using System.Runtime.ExceptionServices;

namespace FtpLite.IO;

internal static class TaskExtensions
{
    /// <summary>Drops a ValueTask's result.</summary>
    public static async ValueTask AsNonGeneric<T>(this ValueTask<T> task) => await task.ConfigureAwait(false);

    /// <summary>Rethrows with the original stack; typed so it can stand in a throw expression.</summary>
    public static Exception Rethrow(this Exception exception)
    {
        ExceptionDispatchInfo.Capture(exception).Throw();
        return exception;
    }
}
