# Reading the help sources: module/help/<Command>.md split into sections, paragraphs and examples.
# Dot-sourced by tools/Build-Help.ps1.

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
