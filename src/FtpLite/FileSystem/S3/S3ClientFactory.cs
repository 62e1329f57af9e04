using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace FtpLite.FileSystem.S3;

/// <summary>Makes the SDK client an <see cref="S3FileSystemOptions"/> describes.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3FileSystemOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // Checksums only where S3 requires them: the SDK's default (a CRC trailer on every upload) is unknown
            // to older S3-compatible stores (Ceph before Squid answers it with 400), and TLS already guards the bytes.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return options.AccessKey is { } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, options.SecretKey ?? string.Empty), config)
            : new AmazonS3Client(config);
    }
}
