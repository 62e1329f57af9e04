BeforeAll {
    $script:ModulePath = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $PSScriptRoot '../../out/FtpLite/FtpLite.psd1' }
}

Describe 'The FtpLite module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $ModulePath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets' {
        $module = Import-Module $ModulePath -Force -PassThru
        $module.ExportedCmdlets.Keys | Sort-Object | Should -Be @(
            'Connect-FtpLite', 'Disconnect-FtpLite', 'Get-FtpLiteAccount', 'Get-FtpLiteFileHash', 'Get-FtpLiteItem',
            'Get-FtpLiteServer', 'Get-FtpLiteSession', 'New-FtpLiteAccount', 'New-FtpLiteDirectory', 'Receive-FtpLiteFile',
            'Remove-FtpLiteAccount', 'Remove-FtpLiteItem', 'Rename-FtpLiteItem', 'Send-FtpLiteFile', 'Set-FtpLiteAccount',
            'Start-FtpLiteServer', 'Stop-FtpLiteServer', 'Stop-FtpLiteServerSession', 'Sync-FtpLiteItem')
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        (Get-Command -Module FtpLite).Verb | ForEach-Object { $_ | Should -BeIn $approved }
    }
}
