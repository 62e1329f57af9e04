using System.Management.Automation;
using System.Runtime.CompilerServices;
using FtpLite.FileSystem;
using FtpLite.FileSystem.S3;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Opens the S3 file system Start-FtpLiteServer's -S3* parameters describe. A class of its own, never inlined, so
/// that the AWS SDK's assemblies load only when a server is started on S3, not when the module is imported.
/// </summary>
internal static class S3Storage
{
    /// <summary>The file system, or null with <paramref name="problem"/> saying why the store cannot be used.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IFtpFileSystem? Open(string bucket, string? prefix, string? endpoint, string? region, bool forcePathStyle,
        PSCredential? credential, TimeSpan staleUploadAge, TimeSpan folderSeenTime, CancellationToken cancellationToken, out string? problem)
    {
        Uri? serviceUrl = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out serviceUrl) || serviceUrl.Scheme is not ("http" or "https")))
        {
            problem = $"-S3Endpoint '{endpoint}' is not an http:// or https:// address (e.g. http://127.0.0.1:7480).";
            return null;
        }

        var secret = credential?.GetNetworkCredential();
        var fileSystem = new S3FileSystem(new S3FileSystemOptions
        {
            BucketName = bucket,
            Prefix = prefix ?? string.Empty,
            ServiceUrl = serviceUrl,
            Region = region,
            ForcePathStyle = forcePathStyle,
            AccessKey = secret?.UserName,
            SecretKey = secret?.Password,
            StaleUploadAge = staleUploadAge,
            FolderSeenTime = folderSeenTime,
        });
        problem = fileSystem.ProbeAsync(cancellationToken).GetAwaiter().GetResult();
        if (problem is null)
        {
            return fileSystem;
        }

        fileSystem.Dispose();
        return null;
    }
}
