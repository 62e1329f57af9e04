<#
    The README's tour, taken from README.md as it stands and run as a user pastes it: it must make its own files
    and run without an error. The only change is the port: tests bind port 0, so Connect-FtpLite's default port
    is pointed at the test server instead of 1452.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $readme = Get-Content -Raw -LiteralPath (Join-Path (Get-FtpLiteRepoRoot) 'README.md')
    if ($readme -notmatch '(?s)## A tour.*?```powershell\r?\n(?<tour>.*?)```') { throw 'README.md has no tour.' }
    $tour = $Matches.tour
    $serverRoot = New-TestFolder -Prefix 'ftplite-readme-server'
    $clone = New-TestFolder -Prefix 'ftplite-readme-clone'
    $server = Start-TestServer -Root $serverRoot
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'The README tour' {
    It 'imports the module from where the build puts it' {
        $tour | Should -Match '(?m)^Import-Module \./out/FtpLite/FtpLite\.psd1\s*$'
    }

    It 'runs as written, without an error, and leaves what it says' {
        # The module is imported already; the tour's own import names the path checked above.
        $script = $tour -replace '(?m)^Import-Module \./out/FtpLite/FtpLite\.psd1\s*$', ''
        $PSDefaultParameterValues['Connect-FtpLite:Port'] = $server.Port
        Push-Location -LiteralPath $clone
        try {
            $Error.Clear()
            $null = & ([scriptblock]::Create($script)) *>&1
            $errors = @($Error)
        }
        finally {
            Pop-Location
            $PSDefaultParameterValues.Remove('Connect-FtpLite:Port')
        }

        $errors | Should -BeNullOrEmpty
        @(Get-FtpLiteSession) | Should -HaveCount 0 -Because 'the tour ends with QUIT'
        @(Get-ChildItem -LiteralPath $serverRoot -Recurse -File -Name | ForEach-Object { $_.Replace('\', '/') } | Sort-Object) |
            Should -Be @('example1.txt', 'logs/app.log', 'logs/web.log')
        $tourFolder = Join-Path $clone 'out/tour'
        Get-TestFileHash (Join-Path $tourFolder 'example1.txt') | Should -Be (Get-TestFileHash (Join-Path $tourFolder 'outbox/example1.txt'))
        Get-TestFileHash (Join-Path $tourFolder 'copy/logs/web.log') | Should -Be (Get-TestFileHash (Join-Path $tourFolder 'outbox/web.log'))
        Get-TestFileHash (Join-Path $tourFolder 'copy/example2.jpg') | Should -Be (Get-TestFileHash (Join-Path $tourFolder 'outbox/example2.jpg'))
    }
}

Describe 'The README drop-folder recipe' {
    BeforeAll {
        if ($readme -notmatch '(?s)A drop folder per partner.*?```powershell\r?\n(?<recipe>.*?)```') { throw 'README.md has no drop-folder recipe.' }
        $recipe = $Matches.recipe
        $work = New-TestFolder -Prefix 'ftplite-readme-recipe'
    }

    AfterAll {
        Get-FtpLiteServer | Where-Object { $_.Port -eq $recipeServer.Port } | Stop-FtpLiteServer
        Disconnect-AllFtpLite
    }

    It 'is at most ten lines and runs as pasted' {
        @($recipe.TrimEnd() -split '\r?\n').Count | Should -BeLessOrEqual 10
        Push-Location -LiteralPath $work
        try {
            $Error.Clear()
            $output = . ([scriptblock]::Create($recipe)) 2>&1
            $Error | Should -BeNullOrEmpty
            $script:recipeServer = $server
        }
        finally {
            Pop-Location
        }

        $script:passwords = @{}
        $output | Where-Object { $_ -is [string] } | ForEach-Object { $name, $password = $_ -split ' '; $passwords[$name] = $password }
        $passwords.Keys | Sort-Object | Should -Be @('acme', 'globex')
    }

    It 'gives each partner a drop folder of its own' {
        $file = New-TestFile -Path (Join-Path (New-TestFolder) 'order.csv') -Length 64
        $acme = [pscredential]::new('acme', (ConvertTo-SecureString $passwords.acme -AsPlainText -Force))
        $session = Connect-FtpLite -Port $recipeServer.Port -Credential $acme -ErrorAction Stop
        Send-FtpLiteFile -Session $session -Path $file -Destination / -ErrorAction Stop | Out-Null
        Get-FtpLiteItem -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -Not -BeNullOrEmpty
        Disconnect-FtpLite -Session $session
        Join-Path $work 'ftp/partners/acme/order.csv' | Should -Exist
        @(Get-ChildItem -LiteralPath (Join-Path $work 'ftp/partners/globex')) | Should -HaveCount 0
    }
}
