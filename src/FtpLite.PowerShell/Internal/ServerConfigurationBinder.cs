using System.Globalization;
using System.Management.Automation;
using System.Reflection;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Binds configuration-file settings to a cmdlet's own parameters, by name or alias, through the cmdlet's
/// parameter metadata: a parameter added to the cmdlet is a setting at once, with no list to keep. Values go
/// through what parameter binding does (transformation attributes, conversion to the parameter's type, then the
/// validation attributes), and a parameter given on the command line wins over the file.
/// </summary>
internal static class ServerConfigurationBinder
{
    // Validate is protected on ValidateArgumentsAttribute (the engine calls it through an internal method);
    // calling it gives the very message parameter binding would give ("... is less than the minimum ...").
    private static readonly MethodInfo ValidateMethod = typeof(ValidateArgumentsAttribute).GetMethod(
        "Validate", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(object), typeof(EngineIntrinsics)])!;

    /// <summary>
    /// Sets each setting's parameter property on <paramref name="cmdlet"/> unless that parameter was bound on the
    /// command line. Returns one exception per bad setting (all of them, so one edit fixes the file).
    /// <paramref name="notAllowed"/> names parameters that must not come from a file, with the reason and the fix.
    /// </summary>
    public static IReadOnlyList<ServerConfigurationException> Apply(PSCmdlet cmdlet, string path, IReadOnlyList<ConfigurationSetting> settings,
        IReadOnlyDictionary<string, string> notAllowed)
    {
        var parameters = cmdlet.MyInvocation.MyCommand.Parameters.Values
            .Where(p => !Cmdlet.CommonParameters.Contains(p.Name) && !Cmdlet.OptionalCommonParameters.Contains(p.Name))
            .ToList();
        var engine = (EngineIntrinsics)cmdlet.GetVariableValue("ExecutionContext");
        var errors = new List<ServerConfigurationException>();
        var seen = new Dictionary<string, ConfigurationSetting>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var where = ServerConfigurationFile.Where(path, setting.Line, setting.Key);
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, setting.Key, StringComparison.OrdinalIgnoreCase)
                || p.Aliases.Contains(setting.Key, StringComparer.OrdinalIgnoreCase));
            if (parameter is null)
            {
                var names = string.Join(", ", parameters.Select(p => p.Name).Where(n => !notAllowed.ContainsKey(n)).Order(StringComparer.Ordinal));
                errors.Add(new(FtpLiteErrors.ConfigurationUnknownSetting, ErrorCategory.InvalidArgument,
                    $"{where} is not a setting of {cmdlet.MyInvocation.MyCommand.Name}. Settings are its parameter names: {names}."));
                continue;
            }

            if (notAllowed.TryGetValue(parameter.Name, out var reason))
            {
                errors.Add(new(FtpLiteErrors.ConfigurationSettingNotAllowed, ErrorCategory.SecurityError, $"{where}: {reason}"));
                continue;
            }

            if (seen.TryGetValue(parameter.Name, out var earlier))
            {
                errors.Add(new(FtpLiteErrors.ConfigurationInvalidValue, ErrorCategory.InvalidArgument,
                    $"{where} sets {parameter.Name} again (line {earlier.Line} set it first). Keep one of the two."));
                continue;
            }

            seen[parameter.Name] = setting;
            if (cmdlet.MyInvocation.BoundParameters.ContainsKey(parameter.Name))
            {
                continue;
            }

            try
            {
                var value = Bind(parameter, setting.Value, engine);
                cmdlet.GetType().GetProperty(parameter.Name)!.SetValue(cmdlet, value);
            }
            catch (Exception ex) when (ex is PSInvalidCastException or ArgumentTransformationMetadataException or ValidationMetadataException)
            {
                errors.Add(new(FtpLiteErrors.ConfigurationInvalidValue, ErrorCategory.InvalidArgument,
                    $"{where}: {ex.Message} (the parameter -{parameter.Name} takes {TypeName(parameter.ParameterType)}).", ex));
            }
        }

        return errors;
    }

    private static object? Bind(ParameterMetadata parameter, object? value, EngineIntrinsics engine)
    {
        foreach (var transformation in parameter.Attributes.OfType<ArgumentTransformationAttribute>())
        {
            value = transformation.Transform(engine, value);
        }

        value = LanguagePrimitives.ConvertTo(value, parameter.ParameterType, CultureInfo.InvariantCulture);
        foreach (var validation in parameter.Attributes.OfType<ValidateArgumentsAttribute>())
        {
            try
            {
                ValidateMethod.Invoke(validation, [value, engine]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ValidationMetadataException invalid)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invalid);
            }
        }

        return value;
    }

    private static string TypeName(Type type) => type == typeof(SwitchParameter) ? "$true or $false"
        : type.IsArray ? $"an array of {TypeName(type.GetElementType()!)}"
        : Nullable.GetUnderlyingType(type) is { } inner ? TypeName(inner)
        : $"a {type.Name}";
}
