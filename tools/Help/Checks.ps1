# Checks that tie the markdown to the code: examples name real parameters, INPUTS/OUTPUTS name real types,
# and one command's markdown turned into what the MAML writer needs (with every problem found).
# Dot-sourced by tools/Build-Help.ps1.

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
