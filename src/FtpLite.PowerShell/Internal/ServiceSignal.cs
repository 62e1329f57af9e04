using System.Runtime.InteropServices;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// SIGTERM, what systemd, Docker and kill send to stop a service: by default .NET ends the process at once,
/// cutting every transfer. While a foreground server runs, SIGTERM instead cancels a token, so the server can
/// stop as Ctrl+C stops it, with its grace period, and the cmdlet return normally.
/// </summary>
internal static class ServiceSignal
{
    /// <summary>Until disposed, SIGTERM cancels <paramref name="terminated"/> instead of ending the process.</summary>
    public static IDisposable? OnTerminate(CancellationTokenSource terminated)
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                try
                {
                    terminated.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The server already stopped; the registration is being disposed.
                }
            });
        }
        catch (PlatformNotSupportedException)
        {
            // Windows services stop through the service control manager, not SIGTERM.
            return null;
        }
    }
}
