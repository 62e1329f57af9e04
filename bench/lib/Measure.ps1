# Measuring for Invoke-Benchmark.ps1: the sizes and run counts of a mode, samples recorded per run, medians,
# the order in which programs take turns, checks of what a transfer produced, and the comparison row (the
# median of the per-run ratios) that the report shows.

function New-BenchConfig([switch] $Quick, [int] $Runs) {
    $cfg = if ($Quick) {
        @{ Mode = 'quick'; BigBytes = 8MB; SmallCount = 50; SmallBytes = 4KB; ListCount = 500; Clients = 20; ConcBytes = 256KB
            Runs = 1; ShortRuns = 1; ToolTimeout = 60; Settle = 0.3; IperfSeconds = 1 }
    }
    else {
        @{ Mode = 'full'; BigBytes = 1GB; SmallCount = 1000; SmallBytes = 4KB; ListCount = 10000; Clients = 200; ConcBytes = 10MB
            Runs = 5; ShortRuns = 7; ToolTimeout = 900; Settle = 1.0; IperfSeconds = 5 }
    }
    if ($Runs) { $cfg.Runs = $Runs; $cfg.ShortRuns = [Math]::Max($Runs, $(if ($Quick) { $Runs } else { 7 })) }
    $cfg
}

function Write-Step([string] $Message) {
    Write-Host ('[{0,6:0.0}s] {1}' -f $clock.Elapsed.TotalSeconds, $Message)
}

function Format-Size([long] $Bytes) {
    if ($Bytes -ge 1GB -and $Bytes % 1GB -eq 0) { return "$($Bytes / 1GB) GiB" }
    if ($Bytes -ge 1MB -and $Bytes % 1MB -eq 0) { return "$($Bytes / 1MB) MiB" }
    if ($Bytes -ge 1KB -and $Bytes % 1KB -eq 0) { return "$($Bytes / 1KB) KiB" }
    "$Bytes B"
}

function Get-TurnOrder([int] $Run, [string[]] $Who) {
    # Odd runs in the given order, even runs reversed, so drift within a run favours no one.
    if ($Run % 2) { return $Who }
    $Who[($Who.Count - 1)..0]
}

# ------------------------------------------------------------------------------------------------ checks

function Assert-SameContent([string] $Expected, [string] $Actual, [string] $What) {
    if (-not (Test-Path -LiteralPath $Actual)) { throw "$What`: $Actual is missing." }
    $length = (Get-Item -LiteralPath $Actual).Length
    $want = (Get-Item -LiteralPath $Expected).Length
    if ($length -ne $want) { throw "$What`: $Actual has $length bytes, expected $want." }
    $r = Invoke-Tool cmp @('-s', $Expected, $Actual)
    if ($r.ExitCode -ne 0) { throw "$What`: $Actual differs from $Expected (cmp)." }
}

function Assert-Length([string] $Path, [long] $Expected, [string] $What) {
    if (-not (Test-Path -LiteralPath $Path)) { throw "$What`: $Path is missing." }
    $length = (Get-Item -LiteralPath $Path).Length
    if ($length -ne $Expected) { throw "$What`: $Path has $length bytes, expected $Expected." }
}

function Assert-Transfer([string] $Expected, [string] $Actual, [int] $Run, [string] $What) {
    # A full comparison on the first run, the byte count on the others.
    if ($Run -eq 1) { Assert-SameContent $Expected $Actual $What }
    else { Assert-Length $Actual (Get-Item -LiteralPath $Expected).Length $What }
}

function Assert-Folder([string] $Path, [int] $Count, [long] $Bytes, [string] $What) {
    $files = @(Get-ChildItem -LiteralPath $Path -File -Force -ErrorAction Ignore | Where-Object { -not $_.Name.StartsWith('.') })
    $wrong = @($files | Where-Object { $_.Length -ne $Bytes })
    if ($files.Count -ne $Count -or $wrong.Count) {
        throw "$What`: $Path has $($files.Count) files ($($wrong.Count) of the wrong size), expected $Count of $Bytes bytes."
    }
}

# ------------------------------------------------------------------------------------------------ samples

$script:Samples = [ordered]@{}
$script:Failures = [System.Collections.Generic.List[string]]::new()

function Measure-Sample {
    <# Runs $Body (which returns a number, or throws) and records it under $Key for run $Run. #>
    param([string] $Key, [int] $Run, [scriptblock] $Body)
    if (-not $script:Samples.Contains($Key)) { $script:Samples[$Key] = [System.Collections.Generic.List[object]]::new() }
    try {
        $value = [double](& $Body | Select-Object -Last 1)
        $script:Samples[$Key].Add([pscustomobject]@{ Run = $Run; Value = $value; Error = $null })
        $value
    }
    catch {
        $message = "$($_.Exception.Message)"
        if ($message.Length -gt 600) { $message = $message.Substring(0, 600) + ' …' }
        $script:Samples[$Key].Add([pscustomobject]@{ Run = $Run; Value = $null; Error = $message })
        $script:Failures.Add("$Key run $Run`: $message")
        Write-Warning "$Key run $Run failed: $message"
        $null
    }
}

function Get-RunValues([string] $Key) {
    $values = @{}
    if ($script:Samples.Contains($Key)) {
        foreach ($s in $script:Samples[$Key]) { if ($null -eq $s.Error) { $values[$s.Run] = $s.Value } }
    }
    $values
}

function Get-SampleErrors([string] $Key) {
    if (-not $script:Samples.Contains($Key)) { return @() }
    @($script:Samples[$Key] | Where-Object Error | ForEach-Object { "run $($_.Run): $($_.Error)" })
}

function Get-Median([double[]] $Values) {
    if (-not $Values -or $Values.Count -eq 0) { return $null }
    $sorted = [double[]]($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Get-SampleMedian([string] $Key) {
    $values = Get-RunValues $Key
    if ($values.Count -eq 0) { return $null }
    Get-Median ([double[]]$values.Values)
}

function Format-Sample([string] $Key, [long] $Bytes, [string] $Unit = 's') {
    $median = Get-SampleMedian $Key
    if ($null -eq $median) {
        $errors = Get-SampleErrors $Key
        return $(if ($errors) { 'failed' } else { 'not measured' })
    }
    switch ($Unit) {
        'KiB' { return ('{0:0.0} KiB/conn' -f $median) }
        default {
            if ($Bytes -gt 0) { return "$(Format-Rate ($Bytes / $median)) ($(Format-Seconds $median))" }
            return (Format-Seconds $median)
        }
    }
}

# ------------------------------------------------------------------------------------------- result rows

function New-ComparisonRow {
    <#
    Ratio per run = (reference time) / (FtpLite time), the reference being the fastest of $Reference in that
    run; the row shows the median of those ratios. With bytes, times are shown as throughput too.
    #>
    param(
        [string] $Id, [string] $Title, [string] $ChartLabel,
        [string] $FtpLite, [string[]] $Reference, [hashtable] $Names = @{}, [string[]] $Others = @(),
        [long] $Bytes = 0, $Target = $null, [string] $TargetText = '', [string] $Note = '',
        [string] $ReferencePrefix = ''
    )
    $ftp = Get-RunValues $FtpLite
    $refRuns = @($Reference | ForEach-Object { , (Get-RunValues $_) })
    $ratios = [System.Collections.Generic.List[double]]::new()
    foreach ($run in $ftp.Keys) {
        $peerTimes = @($refRuns | ForEach-Object { if ($_.ContainsKey($run)) { $_[$run] } })
        if ($peerTimes.Count -eq $Reference.Count -and $ftp[$run] -gt 0) {
            $ratios.Add(($peerTimes | Measure-Object -Minimum).Minimum / $ftp[$run])
        }
    }
    $ratio = if ($ratios.Count) { Get-Median $ratios.ToArray() } else { $null }
    $ftpErrors = @(Get-SampleErrors $FtpLite)
    $peerErrors = @(@($Reference) + @($Others) | ForEach-Object { Get-SampleErrors $_ })
    $status = if ($ftpErrors) { 'FAIL' }
    elseif ($null -eq $ratio) { 'peer failed' }
    elseif ($null -eq $Target) { 'no target' }
    elseif ($ratio -ge $Target) { 'met' }
    else { 'missed' }
    $label = { param($key) if ($Names.ContainsKey($key)) { $Names[$key] } else { $script:DisplayNames[$key.Split('.')[-1]] } }
    $refText = ($Reference | ForEach-Object { "$(& $label $_): $(Format-Sample $_ $Bytes)" }) -join '; '
    if ($Reference.Count -gt 1) { $refText = "faster of $refText" }
    $notes = @()
    if ($Note) { $notes += $Note }
    if ($ftpErrors) { $notes += "FtpLite failed: $($ftpErrors -join ' | ')" }
    if ($peerErrors) { $notes += "Peer failed: $($peerErrors -join ' | ')" }
    [pscustomobject]@{
        Id = $Id; Title = $Title; ChartLabel = $ChartLabel
        FtpLite = (Format-Sample $FtpLite $Bytes)
        Reference = "$ReferencePrefix$refText"
        Others = (($Others | ForEach-Object { "$(& $label $_): $(Format-Sample $_ $Bytes)" }) -join '; ')
        Ratio = $ratio; RatioText = (Format-Ratio $ratio)
        Target = $Target; TargetText = $TargetText; Status = $status; Note = ($notes -join ' ')
    }
}

function New-BudgetRow {
    <# A row against an absolute budget (FtpLite below $Budget); the ratio, and the bar, is budget / FtpLite. #>
    param(
        [string] $Id, [string] $Title, [string] $ChartLabel, [string] $Key, [double] $Budget, [double] $Floor,
        [string] $FtpLite, [string] $Reference, [string] $Others = '', [string] $TargetText, [string] $Note = ''
    )
    $median = Get-SampleMedian $Key
    $errors = @(Get-SampleErrors $Key)
    $ratio = if ($null -ne $median) { $Budget / [Math]::Max($median, $Floor) } else { $null }
    [pscustomobject]@{
        Id = $Id; Title = $Title; ChartLabel = $ChartLabel; FtpLite = $FtpLite; Reference = $Reference; Others = $Others
        Ratio = $ratio; RatioText = $(if ($null -ne $ratio) { "$(Format-Ratio $ratio) of budget" } else { 'n/a' })
        Target = 1.0; TargetText = $TargetText
        Status = $(if ($errors) { 'FAIL' } elseif ($null -eq $median) { 'not measured' } elseif ($median -lt $Budget) { 'met' } else { 'missed' })
        Note = $(if ($errors) { "FtpLite failed: $($errors -join ' | ')" } else { $Note })
    }
}

function New-PlaceholderRow([string] $Id, [string] $Title, [string] $ChartLabel, [string] $Reference, $Target, [string] $TargetText, [string] $Why, [string] $Note = '') {
    [pscustomobject]@{
        Id = $Id; Title = $Title; ChartLabel = $ChartLabel; FtpLite = $Why; Reference = $Reference; Others = ''
        Ratio = $null; RatioText = 'n/a'; Target = $Target; TargetText = $TargetText; Status = $Why; Note = $Note
    }
}
