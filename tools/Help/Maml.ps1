# Writing MAML (the XML Get-Help reads) from the checked help of each command.
# Dot-sourced by tools/Build-Help.ps1.

$Ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}


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


# One MAML file per help file name (cmdlets of one assembly share <assembly>-Help.xml); returns the paths.
function Write-MamlFile($Helps, [string] $OutputPath, [string] $ModuleName) {
    New-Item -ItemType Directory -Force $OutputPath | Out-Null
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [System.Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
    foreach ($group in $Helps | Group-Object { $_.Command.HelpFile }) {
        $fileName = if ($group.Name) { [System.IO.Path]::GetFileName($group.Name) } else { "$ModuleName-help.xml" }
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
}
