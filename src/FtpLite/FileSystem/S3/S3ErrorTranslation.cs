using System.Net;
using Amazon.Runtime;

namespace FtpLite.FileSystem.S3;

/// <summary>Turns the store's answers into <see cref="FtpFileSystemException"/>s, as DiskErrorTranslation does for the OS.</summary>
internal static class S3ErrorTranslation
{
    /// <summary>The file-system error for <paramref name="exception"/>; null when it is not one a client should hear about.</summary>
    public static FtpFileSystemException? Translate(Exception exception, string path)
    {
        if (exception is FtpFileSystemException known)
        {
            return known;
        }

        if (exception is not AmazonServiceException service)
        {
            return null;
        }

        FtpFileSystemError? error = service.ErrorCode switch
        {
            "NoSuchKey" or "NoSuchBucket" or "NoSuchUpload" => FtpFileSystemError.NotFound,
            "QuotaExceeded" or "EntityTooLarge" => FtpFileSystemError.InsufficientStorage,
            "KeyTooLongError" or "InvalidObjectName" => FtpFileSystemError.InvalidName,
            _ => service.StatusCode switch
            {
                HttpStatusCode.NotFound => FtpFileSystemError.NotFound,
                HttpStatusCode.Forbidden => FtpFileSystemError.AccessDenied,
                HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict => FtpFileSystemError.AlreadyExists,
                _ => null,
            },
        };
        return error is { } kind ? new FtpFileSystemException(kind, path, exception) : null;
    }

    /// <summary>True for the store's "nothing there" (a HEAD's 404 has no error code).</summary>
    public static bool IsNotFound(Exception exception) =>
        exception is AmazonServiceException { StatusCode: HttpStatusCode.NotFound } or AmazonServiceException { ErrorCode: "NoSuchKey" };
}
