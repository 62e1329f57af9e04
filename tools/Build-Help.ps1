#!/usr/bin/env pwsh
#requires -Version 7.6
<#
.SYNOPSIS
    Builds the module's Get-Help content (MAML) from markdown, and fails when the docs and the code disagree.
.DESCRIPTION
    Reads one markdown file per command from -SourcePath (module/help/<Command>.md), in the shape platyPS
    uses, and imports the built module to learn everything else by reflection: parameter types, positions,
    parameter sets, mandatory flags, pipeline input, aliases, wildcards, accepted values and defaults. So the
    markdown holds only what people write (synopsis, description, examples, what each parameter means) and
    never goes stale on what the compiler knows.

    Writes <OutputPath>/<assembly>-Help.xml (the file Get-Help looks for, named by each cmdlet's HelpFile) and
    copies every about_*.help.txt from -SourcePath beside it.

    Throws, listing every problem at once, when:
      - an exported command has no markdown file, or a markdown file names no exported command;
      - a section is missing, unknown or empty (SYNOPSIS, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS);
      - a parameter of the command is undocumented, documented without a description, or documented but
        does not exist (common parameters are left to Get-Help);
      - there are fewer than two examples, an example has no powershell code, its code does not parse, or
        it passes a parameter the module's command does not have;
      - a pipeline input type (ValueFromPipeline) is missing from INPUTS, a declared [OutputType] is missing
        from OUTPUTS, or OUTPUTS names a type the command does not declare;
      - a related link points at a markdown or about file that is not there;
      - there is no about_<Module>.help.txt.

    Markdown shape (headings at the start of a line, outside fenced code):
      # <Command>
      ## SYNOPSIS           one paragraph
      ## DESCRIPTION        paragraphs, "- " lists
      ## EXAMPLES           ### Example 1: <title>, then a ```powershell fence, then explanation text
      ## PARAMETERS         ### -<Name>, then its description (no YAML: the metadata comes from the code)
      ## INPUTS             ### <type name> (or ### None), then text
      ## OUTPUTS            ### <type name> (or ### None), then text
      ## NOTES              optional, paragraphs
      ## RELATED LINKS      optional, "- [text](target)" lines; targets are URLs, <Command>.md or about_*
.PARAMETER ModulePath
    The built module's manifest (out/FtpLite/FtpLite.psd1). Run this script in its own process: importing
    the module loads its DLLs, which stay loaded (and on Windows locked) until the process ends.
.PARAMETER SourcePath
    The folder of markdown and about_*.help.txt sources; module/help beside this script's folder by default.
.PARAMETER OutputPath
    Where to write; the en-US folder of the module by default.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./tools/Build-Help.ps1 -ModulePath ./out/FtpLite/FtpLite.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [string] $SourcePath = (Join-Path $PSScriptRoot '../module/help'),

    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RequiredSections = 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS'
$KnownSections = $RequiredSections + 'NOTES', 'RELATED LINKS'
$MinimumExamples = 2
$CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

# Each part in its own file: reading markdown, reflecting over the cmdlets, checking, writing MAML.
foreach ($part in 'Markdown', 'Reflection', 'Checks', 'Maml') { . (Join-Path $PSScriptRoot "Help/$part.ps1") }

$SourcePath = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
$module = Import-Module $ModulePath -Force -PassThru -ErrorAction Stop
if (-not $OutputPath) { $OutputPath = Join-Path $module.ModuleBase 'en-US' }

$commands = @($module.ExportedCommands.Values | Where-Object CommandType -In 'Cmdlet', 'Function' | Sort-Object Name)
$moduleCommands = @{}
foreach ($command in $commands) { $moduleCommands[$command.Name] = $command }

$docs = @{}
$problems = [System.Collections.Generic.List[string]]::new()
foreach ($file in Get-ChildItem -LiteralPath $SourcePath -Filter *.md -File) {
    $doc = Read-HelpMarkdown $file.FullName
    $name = $file.BaseName
    if (-not $doc.Title) { $problems.Add("$($file.Name): no '# <Command>' title.") }
    elseif ($doc.Title -ne $file.BaseName) { $problems.Add("$($file.Name): the title '# $($doc.Title)' does not match the file name.") }
    if (-not $moduleCommands.ContainsKey($name)) {
        $problems.Add("$($file.Name): $($module.Name) exports no command '$name' (renamed or removed? delete or rename the file).")
        continue
    }
    $docs[$name] = $doc
}

$helps = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    if (-not $docs.ContainsKey($command.Name)) {
        $problems.Add("$($command.Name) has no help: add $(Join-Path $SourcePath "$($command.Name).md").")
        continue
    }
    $help = ConvertTo-CommandHelp $docs[$command.Name] $command $moduleCommands $SourcePath
    foreach ($problem in $help.Problems) { $problems.Add("$($command.Name).md: $problem") }
    $helps.Add($help)
}

$aboutFiles = @(Get-ChildItem -LiteralPath $SourcePath -Filter 'about_*.help.txt' -File)
if (@($aboutFiles | ForEach-Object Name) -notcontains "about_$($module.Name).help.txt") {
    $problems.Add("no about_$($module.Name).help.txt in $SourcePath.")
}

if ($problems.Count) {
    $message = "The help of $($module.Name) does not match the code ($($problems.Count) problem(s)):`n  - $($problems -join "`n  - ")"
    throw [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($message), 'HelpOutOfDate',
        [System.Management.Automation.ErrorCategory]::InvalidData, $SourcePath)
}

$written = Write-MamlFile $helps $OutputPath $module.Name
foreach ($about in $aboutFiles) {
    Copy-Item -LiteralPath $about.FullName -Destination $OutputPath -Force
}
Write-Host "Help for $($helps.Count) commands: $($written -join ', '); about topics: $(@($aboutFiles | ForEach-Object Name) -join ', ')"
