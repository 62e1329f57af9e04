# What the built cmdlets say about themselves: hidden parameters, type names, accepted values, defaults and
# each parameter's facts across its parameter sets. Dot-sourced by tools/Build-Help.ps1.

# Parameters marked DontShow (pipeline plumbing, such as -ItemType bound from piped items) are left out of
# the help, as PowerShell leaves them out of its own syntax.
function Get-HiddenParameter([System.Management.Automation.CommandInfo] $Command) {
    @($Command.Parameters.Values | Where-Object {
        $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }
    } | ForEach-Object Name)
}


# The name Get-Help shows for a type: String[], Int32, SwitchParameter; Nullable<T> shows as T.
function Get-TypeDisplayName {
    param([type] $Type)
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    $Type.Name
}

function Get-TypeFullName {
    param([type] $Type)
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    $Type.FullName
}

# The values a parameter takes, when it is an enum or has [ValidateSet].
function Get-AcceptedValue {
    param([System.Management.Automation.ParameterMetadata] $Parameter)
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return , @($set.ValidValues) }
    $type = $Parameter.ParameterType
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $type = $underlying }
    if ($type.IsEnum) { return , [enum]::GetNames($type) }
    , @()
}

# A parameter's default, read from a new instance of the cmdlet class: what the property holds before binding.
function Get-DefaultValue {
    param($Instance, [System.Management.Automation.ParameterMetadata] $Parameter)
    if ($Parameter.SwitchParameter) { return 'False' }
    if ($null -eq $Instance) { return 'None' }
    $property = $Instance.GetType().GetProperty($Parameter.Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue($Instance)
    if ($null -eq $value) { return 'None' }
    if ($value -is [System.Array]) { return $(if ($value.Length) { $value -join ', ' } else { 'None' }) }
    if ($value -is [string] -and -not $value) { return 'None' }
    [string]$value
}

function New-CmdletInstance {
    param([System.Management.Automation.CommandInfo] $Command)
    if ($Command -isnot [System.Management.Automation.CmdletInfo]) { return $null }
    try { [Activator]::CreateInstance($Command.ImplementingType) } catch { $null }
}

# What one parameter looks like across the parameter sets it is in.
function Get-ParameterFacts {
    param([System.Management.Automation.CommandInfo] $Command, [string] $Name, $Instance)

    $metadata = $Command.Parameters[$Name]
    $inSets = @(foreach ($set in $Command.ParameterSets) {
            $set.Parameters | Where-Object Name -EQ $Name
        })
    $positions = @($inSets | ForEach-Object { if ($_.Position -ge 0) { [string]$_.Position } else { 'named' } } | Select-Object -Unique)
    $byValue = @($inSets | Where-Object ValueFromPipeline).Count -gt 0
    $byName = @($inSets | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
    $pipeline = if ($byValue -and $byName) { 'True (ByPropertyName, ByValue)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
    $setNames = @($metadata.ParameterSets.Keys)
    [pscustomobject]@{
        Name          = $Name
        Metadata      = $metadata
        Type          = Get-TypeDisplayName $metadata.ParameterType
        TypeFullName  = Get-TypeFullName $metadata.ParameterType
        IsSwitch      = $metadata.SwitchParameter
        Required      = ($inSets.Count -gt 0 -and @($inSets | Where-Object { -not $_.IsMandatory }).Count -eq 0)
        Position      = if ($positions.Count -eq 1) { $positions[0] } else { 'named' }
        PipelineInput = $pipeline
        ByValue       = $byValue
        Globbing      = [bool]($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        Aliases       = if ($metadata.Aliases.Count) { $metadata.Aliases -join ', ' } else { 'none' }
        Values        = Get-AcceptedValue $metadata
        Default       = Get-DefaultValue $Instance $metadata
        SetNames      = if ($setNames -contains [System.Management.Automation.ParameterAttribute]::AllParameterSets) { '(All)' } else { $setNames -join ', ' }
    }
}
