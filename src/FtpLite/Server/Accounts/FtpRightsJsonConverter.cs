using System.Text.Json;
using System.Text.Json.Serialization;

namespace FtpLite.Server.Accounts;

/// <summary>Rights in the account file as a list of names, ["List", "Download"], which reads better than a number.</summary>
internal sealed class FtpRightsJsonConverter : JsonConverter<FtpRights>
{
    // Named here, not by ToString: Upload and DropBox share a value, and the file should say "Upload".
    private static readonly (FtpRights Right, string Name)[] Single =
    [
        (FtpRights.List, nameof(FtpRights.List)), (FtpRights.Download, nameof(FtpRights.Download)), (FtpRights.Upload, nameof(FtpRights.Upload)),
        (FtpRights.Overwrite, nameof(FtpRights.Overwrite)), (FtpRights.Delete, nameof(FtpRights.Delete)), (FtpRights.Rename, nameof(FtpRights.Rename)),
        (FtpRights.CreateFolder, nameof(FtpRights.CreateFolder)),
    ];

    public override FtpRights Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Rights are a list of names, e.g. [\"List\", \"Download\"].");
        }

        var rights = FtpRights.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (!Enum.TryParse<FtpRights>(name, ignoreCase: true, out var right) || int.TryParse(name, out _))
            {
                throw new JsonException($"'{name}' is not a right; use {string.Join(", ", Enum.GetNames<FtpRights>())}.");
            }

            rights |= right;
        }

        return rights;
    }

    public override void Write(Utf8JsonWriter writer, FtpRights value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value == FtpRights.All)
        {
            writer.WriteStringValue(nameof(FtpRights.All));
        }
        else
        {
            foreach (var (_, name) in Single.Where(r => value.HasFlag(r.Right)))
            {
                writer.WriteStringValue(name);
            }
        }

        writer.WriteEndArray();
    }
}
