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

# Parameters marked DontShow (pipeline plumbing, such as -ItemType bound from piped items) are left out of
# the help, as PowerShell leaves them out of its own syntax.
function Get-HiddenParameter([System.Management.Automation.CommandInfo] $Command) {
    @($Command.Parameters.Values | Where-Object {
        $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }
    } | ForEach-Object Name)
}

$Ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

#region Markdown

# Splits a markdown file into title, sections (## ) and subsections (### ), keeping fenced code intact.
function Read-HelpMarkdown {
    param([string] $Path)

    $doc = [ordered]@{ Path = $Path; Title = $null; Sections = [ordered]@{}; Problems = [System.Collections.Generic.List[string]]::new() }
    $section = $null
    $subsection = $null
    $fence = $null
    $lineNumber = 0
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        $lineNumber++
        if ($fence) {
            if ($line -match "^\s*$([regex]::Escape($fence))\s*$") { $fence = $null }
        }
        elseif ($line -match '^\s*(```+|~~~+)') {
            $fence = $Matches[1]
        }
        elseif ($line -match '^#\s+(.+?)\s*#*\s*$') {
            if ($doc.Title) { $doc.Problems.Add("line ${lineNumber}: a second '# ' title.") }
            $doc.Title = $Matches[1]
            continue
        }
        elseif ($line -match '^##\s+(.+?)\s*#*\s*$') {
            $name = $Matches[1].ToUpperInvariant()
            if ($name -notin $KnownSections) {
                $doc.Problems.Add("line ${lineNumber}: unknown section '## $($Matches[1])' (known: $($KnownSections -join ', ')).")
            }
            if ($doc.Sections.Contains($name)) { $doc.Problems.Add("line ${lineNumber}: section '## $name' appears twice.") }
            $section = [ordered]@{ Name = $name; Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [System.Collections.Generic.List[object]]::new() }
            $doc.Sections[$name] = $section
            $subsection = $null
            continue
        }
        elseif ($line -match '^###\s+(.+?)\s*#*\s*$') {
            if (-not $section) { $doc.Problems.Add("line ${lineNumber}: '### $($Matches[1])' outside any '## ' section."); continue }
            $subsection = [ordered]@{ Title = $Matches[1]; Line = $lineNumber; Lines = [System.Collections.Generic.List[string]]::new() }
            $section.Subsections.Add($subsection)
            continue
        }

        if ($subsection) { $subsection.Lines.Add($line) }
        elseif ($section) { $section.Lines.Add($line) }
        elseif ($line.Trim()) { $doc.Problems.Add("line ${lineNumber}: text before the first '## ' section.") }
    }
    if ($fence) { $doc.Problems.Add("a code fence ($fence) is never closed.") }
    [pscustomobject]$doc
}

# Markdown inline text to plain text: links become their text (and the URL when it is one).
function ConvertFrom-InlineMarkdown {
    param([string] $Text)
    [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]+)\)', {
            param($m)
            if ($m.Groups[2].Value -match '^https?://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value }
        })
}

# Lines of markdown to paragraphs: blank lines separate, each list item is a paragraph of its own, and a
# fenced block is kept as one paragraph with its line breaks (indented, without the fences).
function ConvertTo-Paragraph {
    param([string[]] $Lines)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $fence = $null
    $flush = {
        if ($current.Count) { $paragraphs.Add((ConvertFrom-InlineMarkdown ($current -join ' '))) }
        $current.Clear()
    }
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match "^\s*$([regex]::Escape($fence))\s*$") {
                $paragraphs.Add(($code | ForEach-Object { "    $_" }) -join "`n")
                $code = $null
            }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*(```+|~~~+)') {
            & $flush
            $fence = $Matches[1]
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if (-not $line.Trim()) { & $flush; continue }
        if ($line -match '^\s*([-*+]|\d+[.)])\s+(.*)$') {
            & $flush
            $marker = if ($Matches[1] -match '^\d') { $Matches[1] } else { '-' }
            $current.Add("$marker $($Matches[2].Trim())")
            continue
        }
        $current.Add($line.Trim())
    }
    & $flush
    if ($null -ne $code) { $paragraphs.Add(($code | ForEach-Object { "    $_" }) -join "`n") }
    , $paragraphs.ToArray()
}

# Splits an example's lines into the first fenced code block, its language and the text around it.
function Split-Example {
    param([string[]] $Lines)

    $before = [System.Collections.Generic.List[string]]::new()
    $after = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $language = $null
    $fence = $null
    $state = 'before'
    foreach ($line in $Lines) {
        switch ($state) {
            'before' {
                if ($line -match '^\s*(```+|~~~+)\s*([\w-]*)') {
                    $fence = $Matches[1]; $language = $Matches[2]; $code = [System.Collections.Generic.List[string]]::new(); $state = 'code'
                }
                else { $before.Add($line) }
            }
            'code' {
                if ($line -match "^\s*$([regex]::Escape($fence))\s*$") { $state = 'after' } else { $code.Add($line) }
            }
            'after' { $after.Add($line) }
        }
    }
    [pscustomobject]@{
        Introduction = $before.ToArray()
        Language     = $language
        Code         = if ($null -ne $code) { ($code -join "`n").Trim("`r", "`n") } else { $null }
        Remarks      = $after.ToArray()
    }
}

#endregion

#region Reflection

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

#endregion

#region Checks

# Every parameter an example passes to one of the module's commands must exist (by name or alias).
function Test-ExampleParameter {
    param([System.Management.Automation.Language.Ast] $Ast, [hashtable] $ModuleCommands)
    $calls = $Ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
    foreach ($call in $calls) {
        $name = $call.GetCommandName()
        if (-not $name -or -not $ModuleCommands.ContainsKey($name)) { continue }
        $command = $ModuleCommands[$name]
        $known = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
        foreach ($element in $call.CommandElements) {
            if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $element.ParameterName -notin $known) {
                "$name has no parameter -$($element.ParameterName)."
            }
        }
    }
}

function Test-TypeNamed {
    param([string] $Heading, [string] $FullName)
    $heading = $Heading.Trim().TrimEnd('[', ']')
    $full = $FullName.TrimEnd('[', ']')
    $short = ($full -split '\.')[-1]
    $heading -eq $full -or $heading -eq $short
}

#endregion

#region MAML

function Write-Paragraph {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $Ns.maml, $paragraph) }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $Ns.maml)
    Write-Paragraph $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-Type {
    param([System.Xml.XmlWriter] $Writer, [string] $Name, [string[]] $Description)
    $Writer.WriteStartElement('dev', 'type', $Ns.dev)
    $Writer.WriteElementString('maml', 'name', $Ns.maml, $Name)
    $Writer.WriteElementString('maml', 'uri', $Ns.maml, '')
    $Writer.WriteEndElement()
    if ($PSBoundParameters.ContainsKey('Description')) { Write-Description $Writer $Description }
}

# One <command:parameter>, in a syntax item (per parameter set) or in the parameters list.
function Write-Parameter {
    param(
        [System.Xml.XmlWriter] $Writer,
        $Facts,
        [string[]] $Description,
        [bool] $Required,
        [string] $Position,
        [string] $PipelineInput,
        [switch] $InSyntax
    )
    $Writer.WriteStartElement('command', 'parameter', $Ns.command)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Facts.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $Facts.Aliases)
    $Writer.WriteElementString('maml', 'name', $Ns.maml, $Facts.Name)
    Write-Description $Writer $Description
    if ($Facts.Values.Count) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $Ns.command)
        foreach ($value in $Facts.Values) {
            $Writer.WriteStartElement('command', 'parameterValue', $Ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $Ns.command, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $Facts.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $Ns.command)
        $Writer.WriteAttributeString('required', $(if ($Facts.IsSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Facts.Type)
        $Writer.WriteEndElement()
    }
    Write-Type $Writer $Facts.TypeFullName
    $Writer.WriteElementString('dev', 'defaultValue', $Ns.dev, $Facts.Default)
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, $Help)

    $command = $Help.Command
    $Writer.WriteStartElement('command', 'command', $Ns.command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $Ns.maml)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $Ns.command)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $Ns.dev)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $null, $Ns.MSHelp)

    $Writer.WriteStartElement('command', 'details', $Ns.command)
    $Writer.WriteElementString('command', 'name', $Ns.command, $command.Name)
    $Writer.WriteElementString('command', 'verb', $Ns.command, $command.Verb)
    $Writer.WriteElementString('command', 'noun', $Ns.command, $command.Noun)
    Write-Description $Writer $Help.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Help.Description

    # Syntax: one item per parameter set, the default set first; positional parameters in position order,
    # then mandatory named ones, then the rest, -WhatIf and -Confirm last, as PowerShell itself orders them.
    $Writer.WriteStartElement('command', 'syntax', $Ns.command)
    $sets = @($command.ParameterSets | Sort-Object -Stable { -not $_.IsDefault })
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $Ns.command)
        $Writer.WriteElementString('maml', 'name', $Ns.maml, $command.Name)
        $index = 0
        $hidden = Get-HiddenParameter $command
        $ordered = $set.Parameters | Where-Object { $_.Name -notin $CommonParameters -and $_.Name -notin $hidden } | ForEach-Object {
            $rank = if ($_.Name -in 'WhatIf', 'Confirm') { 3 } elseif ($_.Position -ge 0) { 0 } elseif ($_.IsMandatory) { 1 } else { 2 }
            [pscustomobject]@{ Parameter = $_; Rank = $rank; Position = $_.Position; Index = $index++ }
        } | Sort-Object -Stable Rank, { if ($_.Rank -eq 0) { $_.Position } else { 0 } }, Index
        foreach ($entry in $ordered) {
            $parameter = $entry.Parameter
            $facts = $Help.Parameters[$parameter.Name].Facts
            $pipeline = if ($parameter.ValueFromPipeline -and $parameter.ValueFromPipelineByPropertyName) { 'True (ByPropertyName, ByValue)' }
            elseif ($parameter.ValueFromPipeline) { 'True (ByValue)' }
            elseif ($parameter.ValueFromPipelineByPropertyName) { 'True (ByPropertyName)' }
            else { 'False' }
            $position = if ($parameter.Position -ge 0) { [string]$parameter.Position } else { 'named' }
            Write-Parameter $Writer $facts $Help.Parameters[$parameter.Name].Description $parameter.IsMandatory $position $pipeline -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Parameters in the order the markdown gives them.
    $Writer.WriteStartElement('command', 'parameters', $Ns.command)
    foreach ($entry in $Help.Parameters.Values) {
        $facts = $entry.Facts
        Write-Parameter $Writer $facts $entry.Description $facts.Required $facts.Position $facts.PipelineInput
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'inputTypes', $Ns.command)
    foreach ($type in $Help.Inputs) {
        $Writer.WriteStartElement('command', 'inputType', $Ns.command)
        Write-Type $Writer $type.Name $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'returnValues', $Ns.command)
    foreach ($type in $Help.Outputs) {
        $Writer.WriteStartElement('command', 'returnValue', $Ns.command)
        Write-Type $Writer $type.Name $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('maml', 'alertSet', $Ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $Ns.maml)
    Write-Paragraph $Writer $Help.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $Ns.command)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $Ns.command)
        $Writer.WriteElementString('maml', 'title', $Ns.maml, "---------- $($example.Title) ----------")
        if ($example.Introduction.Count) {
            $Writer.WriteStartElement('maml', 'introduction', $Ns.maml)
            Write-Paragraph $Writer $example.Introduction
            $Writer.WriteEndElement()
        }
        $Writer.WriteElementString('dev', 'code', $Ns.dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $Ns.dev)
        # The empty paragraph keeps a blank line between one example's text and the next title.
        Write-Paragraph $Writer (@($example.Remarks) + '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $Ns.command)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $Ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $Ns.maml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $Ns.maml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

#region One command

# Checks one command's markdown against the command and turns it into what Write-Command writes.
function ConvertTo-CommandHelp {
    param($Doc, [System.Management.Automation.CommandInfo] $Command, [hashtable] $ModuleCommands, [string] $SourcePath)

    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($problem in $Doc.Problems) { $problems.Add($problem) }
    foreach ($name in $RequiredSections) {
        if (-not $Doc.Sections.Contains($name)) { $problems.Add("no '## $name' section.") }
    }
    $section = { param($name) if ($Doc.Sections.Contains($name)) { $Doc.Sections[$name] } else { $null } }
    $text = { param($name) $s = & $section $name; if ($s) { ConvertTo-Paragraph $s.Lines } else { , @() } }

    $synopsis = & $text 'SYNOPSIS'
    if ((& $section 'SYNOPSIS') -and -not ($synopsis -join '').Trim()) { $problems.Add('the synopsis is empty.') }
    $description = & $text 'DESCRIPTION'
    if ((& $section 'DESCRIPTION') -and -not ($description -join '').Trim()) { $problems.Add('the description is empty.') }
    foreach ($name in 'SYNOPSIS', 'DESCRIPTION', 'NOTES') {
        if ((& $section $name) -and (& $section $name).Subsections.Count) { $problems.Add("'## $name' takes text, not '### ' headings.") }
    }

    # Examples.
    $examples = [System.Collections.Generic.List[object]]::new()
    $exampleSection = & $section 'EXAMPLES'
    if ($exampleSection) {
        if (($exampleSection.Lines -join '').Trim()) { $problems.Add("text under '## EXAMPLES' before the first '### Example'.") }
        foreach ($sub in $exampleSection.Subsections) {
            $parts = Split-Example $sub.Lines
            $label = "example '$($sub.Title)'"
            if (-not $parts.Code) {
                $problems.Add("$label has no code (a ``````powershell fenced block).")
                continue
            }
            if ($parts.Language -notin 'powershell', 'pwsh', 'ps1') { $problems.Add("$label fences its code as '$($parts.Language)', not powershell.") }
            $tokens = $null; $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($parts.Code, [ref]$tokens, [ref]$errors)
            foreach ($parseError in $errors) { $problems.Add("$label does not parse: $($parseError.Message) (line $($parseError.Extent.StartLineNumber)).") }
            foreach ($bad in Test-ExampleParameter $ast $ModuleCommands) { $problems.Add("$label calls $bad") }
            $examples.Add([pscustomobject]@{
                    Title        = $sub.Title
                    Introduction = ConvertTo-Paragraph $parts.Introduction
                    Code         = $parts.Code
                    Remarks      = ConvertTo-Paragraph $parts.Remarks
                })
        }
        if ($examples.Count -lt $MinimumExamples) { $problems.Add("$($examples.Count) example(s); at least $MinimumExamples are needed.") }
    }

    # Parameters: the markdown and the command must name the same ones.
    $instance = New-CmdletInstance $Command
    $parameters = [ordered]@{}
    $hidden = Get-HiddenParameter $Command
    $actual = @($Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters -and $_ -notin $hidden })
    $parameterSection = & $section 'PARAMETERS'
    if ($parameterSection) {
        if (($parameterSection.Lines -join '').Trim()) { $problems.Add("text under '## PARAMETERS' before the first '### -Name'.") }
        foreach ($sub in $parameterSection.Subsections) {
            if ($sub.Title -notmatch '^-(\w+)$') { $problems.Add("parameter heading '### $($sub.Title)' is not '### -Name'."); continue }
            $name = $Matches[1]
            if ($name -in $CommonParameters) { $problems.Add("-$name is a common parameter; Get-Help describes those."); continue }
            $match = $actual | Where-Object { $_ -eq $name }
            if (-not $match) { $problems.Add("-$name is documented but $($Command.Name) has no such parameter."); continue }
            if ($match -cne $name) { $problems.Add("-$name is spelled -$match in the code.") }
            if ($parameters.Contains($match)) { $problems.Add("-$match is documented twice."); continue }
            if ($sub.Lines -match '^\s*```\s*yaml') { $problems.Add("-$match has a yaml block: parameter metadata comes from the code; remove it.") }
            $paragraphs = ConvertTo-Paragraph $sub.Lines
            if (-not ($paragraphs -join '').Trim()) { $problems.Add("-$match has no description.") }
            $parameters[$match] = [pscustomobject]@{ Facts = Get-ParameterFacts $Command $match $instance; Description = $paragraphs }
        }
        foreach ($name in $actual) {
            if (-not $parameters.Contains($name)) { $problems.Add("-$name is not documented (add '### -$name' under '## PARAMETERS').") }
        }
    }
    if ($instance -is [System.IDisposable]) { $instance.Dispose() }

    # Inputs and outputs: '### Type' entries, checked against pipeline parameters and [OutputType].
    $typeEntries = {
        param($name)
        $s = & $section $name
        if (-not $s) { return , @() }
        if (($s.Lines -join '').Trim()) { $problems.Add("text under '## $name' before the first '### <type>'.") }
        if (-not $s.Subsections.Count) { $problems.Add("'## $name' lists no type ('### None' when there is none).") }
        , @($s.Subsections | ForEach-Object { [pscustomobject]@{ Name = $_.Title; Description = ConvertTo-Paragraph $_.Lines } })
    }
    $inputs = & $typeEntries 'INPUTS'
    if (& $section 'INPUTS') {
        foreach ($name in $actual) {
            $facts = $parameters[$name]
            if (-not $facts -or -not $facts.Facts.ByValue) { continue }
            $type = $facts.Facts.TypeFullName
            if (-not ($inputs | Where-Object { Test-TypeNamed $_.Name $type })) {
                $problems.Add("-$name takes pipeline input of type $type, which '## INPUTS' does not list.")
            }
        }
    }
    $outputs = & $typeEntries 'OUTPUTS'
    if (& $section 'OUTPUTS') {
        $declared = @($Command.OutputType | Where-Object { $_.Name -ne 'System.Void' } | ForEach-Object Name)
        foreach ($type in $declared) {
            if (-not ($outputs | Where-Object { Test-TypeNamed $_.Name $type })) { $problems.Add("[OutputType] $type is not listed under '## OUTPUTS'.") }
        }
        foreach ($entry in $outputs) {
            if ($entry.Name -eq 'None') { continue }
            if (-not ($declared | Where-Object { Test-TypeNamed $entry.Name $_ })) {
                $problems.Add("'## OUTPUTS' lists $($entry.Name), which is not an [OutputType] of $($Command.Name) (declared: $(if ($declared) { $declared -join ', ' } else { 'none' })).")
            }
        }
    }

    # Related links.
    $links = [System.Collections.Generic.List[object]]::new()
    $linkSection = & $section 'RELATED LINKS'
    if ($linkSection) {
        foreach ($line in $linkSection.Lines) {
            $item = $line.Trim() -replace '^[-*+]\s+', ''
            if (-not $item) { continue }
            if ($item -match '^\[([^\]]+)\]\(([^)\s]*)\)$') {
                $linkText = $Matches[1]; $target = $Matches[2]
                if ($target -match '^https?://') { $links.Add([pscustomobject]@{ Text = $linkText; Uri = $target }); continue }
                $file = if ($target -match '^about_') { ($target -replace '\.help\.txt$', '') + '.help.txt' } else { $target }
                if ($target -and -not (Test-Path -LiteralPath (Join-Path $SourcePath $file))) { $problems.Add("related link '$linkText' points at $target, which is not in $SourcePath.") }
                $links.Add([pscustomobject]@{ Text = $linkText; Uri = '' })
            }
            else { $links.Add([pscustomobject]@{ Text = $item; Uri = '' }) }
        }
    }

    [pscustomobject]@{
        Command     = $Command
        Synopsis    = $synopsis
        Description = $description
        Examples    = $examples.ToArray()
        Parameters  = $parameters
        Inputs      = $inputs
        Outputs     = $outputs
        Notes       = & $text 'NOTES'
        Links       = $links.ToArray()
        Problems    = $problems.ToArray()
    }
}

#endregion

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

# One MAML file per help file name (cmdlets of one assembly share <assembly>-Help.xml).
New-Item -ItemType Directory -Force $OutputPath | Out-Null
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [System.Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
$written = foreach ($group in $helps | Group-Object { $_.Command.HelpFile }) {
    $fileName = if ($group.Name) { [System.IO.Path]::GetFileName($group.Name) } else { "$($module.Name)-help.xml" }
    $path = Join-Path $OutputPath $fileName
    $writer = [System.Xml.XmlWriter]::Create($path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $Ns.msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($help in $group.Group) { Write-Command $writer $help }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
    # Read it back: a malformed file would make Get-Help silently fall back to bare syntax.
    $null = [xml](Get-Content -Raw -LiteralPath $path)
    $path
}
foreach ($about in $aboutFiles) {
    Copy-Item -LiteralPath $about.FullName -Destination $OutputPath -Force
}
Write-Host "Help for $($helps.Count) commands: $($written -join ', '); about topics: $(@($aboutFiles | ForEach-Object Name) -join ', ')"
