using FtpLite.FileSystem;

namespace FtpLite.Server.Commands;

/// <summary>Checks shared by the commands that take one path: present, valid, and writable where needed.</summary>
internal static class PathArgument
{
    /// <summary>The resolved path, or null after replying why there is none.</summary>
    public static async Task<string?> ResolveAsync(FtpConnection connection, string argument, bool write)
    {
        if (argument.Length == 0)
        {
            await connection.ReplyAsync(501, "Syntax error in parameters or arguments.").ConfigureAwait(false);
            return null;
        }

        if (write && !connection.CanWrite)
        {
            await connection.ReplyAsync(550, "Permission denied.").ConfigureAwait(false);
            return null;
        }

        var path = connection.ResolvePath(argument);
        if (path is null)
        {
            await connection.ReplyAsync(553, "File name not allowed.").ConfigureAwait(false);
        }

        return path;
    }

    /// <summary>The resolved path of an existing file, or null after replying why not.</summary>
    public static async Task<(string Path, FtpFileSystemEntry Entry)?> ResolveFileAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        var path = await ResolveAsync(connection, argument, write: false).ConfigureAwait(false);
        if (path is null)
        {
            return null;
        }

        var entry = await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is not { IsDirectory: false })
        {
            await connection.ReplyAsync(550, entry is null ? "No such file or directory." : "Not a plain file.").ConfigureAwait(false);
            return null;
        }

        return (path, entry);
    }
}
