using FtpLite.Server.Data;

namespace FtpLite.Server.Data;

/// <summary>What PASV and EPSV share: open a listener for the next transfer, or reply 425.</summary>
internal static class PassiveListener
{
    public static async Task<PassiveDataChannel?> OpenAsync(FtpConnection connection)
    {
        try
        {
            // The previous listener goes first, and is waited for (briefly), so a narrow port range can reuse its port.
            var previous = connection.Session.Data.Channel as PassiveDataChannel;
            connection.Session.Data.SetChannel(null);
            if (previous is not null)
            {
                await previous.Stopped.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var channel = PassiveDataChannel.Create(connection.LocalEndPoint.Address, connection.RemoteEndPoint.Address,
                connection.Options.DataTimeout, connection.Options.PassivePortRange, connection.Server.PassivePorts);
            connection.Session.Data.SetChannel(channel);
            return channel;
        }
        catch (DataConnectionException ex)
        {
            connection.Session.Data.SetChannel(null);
            await connection.ReplyAsync(FtpReplyCode.CannotOpenDataConnection, ex.Reply).ConfigureAwait(false);
            return null;
        }
    }
}
