#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Row 10 of the benchmark: what Import-Module of a module costs a fresh pwsh process. Run in a new process
    (-NoProfile) with nothing before it, as a scheduled script starts; prints the milliseconds that Import-Module
    took, by a Stopwatch around it (so the seconds pwsh itself needs to start, which no module can change, and
    their swing on a busy machine stay out of the figure).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
$clock = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module -Name $ModulePath
$clock.Stop()
$name = [System.IO.Path]::GetFileNameWithoutExtension($ModulePath)
if (-not (Get-Module -Name $name)) { throw "Import-Module $ModulePath returned, but no module $name is loaded." }
$clock.Elapsed.TotalMilliseconds.ToString('0.0', [System.Globalization.CultureInfo]::InvariantCulture)
