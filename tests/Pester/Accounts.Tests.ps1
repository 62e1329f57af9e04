<#
    The account cmdlets (New/Get/Set/Remove-FtpLiteAccount) and Start-FtpLiteServer -AccountPath: the file they
    write, pipeline binding, -WhatIf, the exact error ids, and a served account logging in to its own folder.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $acme = New-TestCredential -UserName 'acme' -Password 'acme-Pa55'
    $globex = New-TestCredential -UserName 'globex' -Password 'globex-Pa55'
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'New-FtpLiteAccount' {
    BeforeAll {
        $folder = New-TestFolder -Prefix 'ftplite-accounts'
        $file = Join-Path $folder 'accounts.json'
        $made = New-FtpLiteAccount -Path $file -Credential $acme -Home (Join-Path $folder 'acme') -Rights DropBox `
            -PathRights @{ '/out' = 'ReadOnly' } -QuotaBytes 1MB -AllowedAddress '127.0.0.0/8' -ErrorAction Stop
    }

    It 'writes a versioned JSON file with a PBKDF2 hash and no password' {
        $text = Get-Content -Raw -LiteralPath $file
        $json = $text | ConvertFrom-Json
        $json.version | Should -Be 1
        $json.users.acme.password | Should -Match '^pbkdf2-sha256\$600000\$'
        $text | Should -Not -Match 'acme-Pa55'
        @($json.users.acme.rights.'/') | Should -Be @('Upload')
        @($json.users.acme.rights.'/out') | Should -Be @('List', 'Download')
    }

    It 'creates the home folder and outputs the account with its file' {
        Join-Path $folder 'acme' | Should -Exist
        $made | Should -BeOfType ([FtpLite.Server.Accounts.FtpAccount])
        $made.Name | Should -BeExactly 'acme'
        $made.Path | Should -BeExactly $file
        $made.QuotaBytes | Should -Be 1MB
    }

    It 'refuses a user that exists (FtpLite.AccountExists) and replaces it with -Force' {
        New-FtpLiteAccount -Path $file -Credential $acme -Home (Join-Path $folder 'acme') -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.AccountExists,FtpLite.PowerShell.Cmdlets.NewFtpLiteAccountCommand'
        (New-FtpLiteAccount -Path $file -Credential $acme -Home (Join-Path $folder 'acme') -Rights ReadOnly -Force -ErrorAction Stop).Rights['/'] |
            Should -Be ([FtpLite.Server.Accounts.FtpRights]::ReadOnly)
    }

    It 'takes credentials and homes from the pipeline by property name' {
        $pipeFile = Join-Path $folder 'piped.json'
        [pscustomobject]@{ Credential = $acme; Home = (Join-Path $folder 'p-acme') }, [pscustomobject]@{ Credential = $globex; Home = (Join-Path $folder 'p-globex') } |
            New-FtpLiteAccount -Path $pipeFile -ErrorAction Stop | Out-Null
        (Get-FtpLiteAccount -Path $pipeFile).Name | Should -Be @('acme', 'globex')
        (Get-FtpLiteAccount -Path $pipeFile -Name globex).Home | Should -BeExactly (Join-Path $folder 'p-globex')
    }

    It 'changes nothing with -WhatIf' {
        $whatIfFile = Join-Path $folder 'whatif.json'
        New-FtpLiteAccount -Path $whatIfFile -Credential $acme -Home (Join-Path $folder 'w') -WhatIf
        $whatIfFile | Should -Not -Exist
    }

    It 'refuses a bad setting (FtpLite.InvalidAccountSetting) and keeps the file' {
        $before = Get-Content -Raw -LiteralPath $file
        New-FtpLiteAccount -Path $file -Credential $globex -Home (Join-Path $folder 'g') -AllowedAddress 'not-an-address' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidAccountSetting,FtpLite.PowerShell.Cmdlets.NewFtpLiteAccountCommand'
        $failed[0].Exception.Message | Should -Match "allowed address 'not-an-address'"
        Get-Content -Raw -LiteralPath $file | Should -BeExactly $before
    }
}

Describe 'Get-, Set- and Remove-FtpLiteAccount' {
    BeforeEach {
        $folder = New-TestFolder -Prefix 'ftplite-accounts'
        $file = Join-Path $folder 'accounts.json'
        $acme, $globex | ForEach-Object { New-FtpLiteAccount -Path $file -Credential $_ -Home (Join-Path $folder $_.UserName) -ErrorAction Stop } | Out-Null
    }

    It 'gets users by wildcard and reports a missing name (FtpLite.AccountNotFound)' {
        (Get-FtpLiteAccount $file 'g*').Name | Should -BeExactly 'globex'
        Get-FtpLiteAccount $file 'nobody' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.AccountNotFound,FtpLite.PowerShell.Cmdlets.GetFtpLiteAccountCommand'
    }

    It 'changes only what is given, through the pipeline' {
        Get-FtpLiteAccount $file acme | Set-FtpLiteAccount -Disabled -QuotaFiles 10 -ErrorAction Stop
        $after = Get-FtpLiteAccount $file acme
        $after.Disabled | Should -BeTrue
        $after.QuotaFiles | Should -Be 10
        $after.Home | Should -BeExactly (Join-Path $folder 'acme')
        Set-FtpLiteAccount $file -Name acme -Disabled:$false -PassThru | ForEach-Object Disabled | Should -BeFalse
    }

    It 'puts a user in a group with -Group and takes it out with -Group ''''' {
        # Groups are written into the file by hand (no cmdlet makes them); the help promises that an empty
        # -Group removes the user from its group.
        $json = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json
        $json | Add-Member -NotePropertyName groups -NotePropertyValue ([pscustomobject]@{ staff = [pscustomobject]@{ quotaFiles = 5 } }) -Force
        $json | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file

        Get-FtpLiteAccount $file acme | Set-FtpLiteAccount -Group staff -ErrorAction Stop
        (Get-FtpLiteAccount $file acme).Group | Should -BeExactly 'staff'
        (Get-Content -Raw -LiteralPath $file | ConvertFrom-Json).users.acme.group | Should -BeExactly 'staff'

        Get-FtpLiteAccount $file acme | Set-FtpLiteAccount -Group '' -ErrorAction Stop
        (Get-FtpLiteAccount $file acme).Group | Should -BeNullOrEmpty
        $after = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json
        $after.users.acme.PSObject.Properties.Name | Should -Not -Contain 'group'
        $after.groups.staff.quotaFiles | Should -Be 5
        (Get-FtpLiteAccount $file acme).Home | Should -BeExactly (Join-Path $folder 'acme')
    }

    It 'changes a password with -Credential' {
        $old = (Get-FtpLiteAccount $file acme).PasswordHash
        Set-FtpLiteAccount -Path $file -Credential (New-TestCredential -UserName acme -Password 'new-Pa55') -ErrorAction Stop
        $new = (Get-FtpLiteAccount $file acme).PasswordHash
        $new | Should -Not -Be $old
        [FtpLite.Server.Accounts.FtpPasswordHash]::Verify('new-Pa55', $new) | Should -BeTrue
    }

    It 'says which user is missing or unnamed' {
        Set-FtpLiteAccount -Path $file -Name nobody -Disabled -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.AccountNotFound,FtpLite.PowerShell.Cmdlets.SetFtpLiteAccountCommand'
        Set-FtpLiteAccount -Path $file -Disabled -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.AccountNameMissing,FtpLite.PowerShell.Cmdlets.SetFtpLiteAccountCommand'
    }

    It 'removes piped users, keeps their folders, and honours -WhatIf' {
        Get-FtpLiteAccount $file acme | Remove-FtpLiteAccount -WhatIf
        (Get-FtpLiteAccount $file).Name | Should -Be @('acme', 'globex')
        Get-FtpLiteAccount $file acme | Remove-FtpLiteAccount -Confirm:$false -ErrorAction Stop
        (Get-FtpLiteAccount $file).Name | Should -Be @('globex')
        Join-Path $folder 'acme' | Should -Exist
        Remove-FtpLiteAccount $file acme -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.AccountNotFound,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteAccountCommand'
    }

    It 'removes the other named users when one name is not in the file' {
        Remove-FtpLiteAccount -Path $file -Name nobody, acme -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.AccountNotFound,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteAccountCommand'
        (Get-FtpLiteAccount $file).Name | Should -Be @('globex')
    }

    It 'reads a missing file as one with no users, without an error' {
        Get-FtpLiteAccount -Path (Join-Path $folder 'none.json') -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed | Should -BeNullOrEmpty
    }

    It 'reports a broken file with its line (FtpLite.InvalidAccountFile)' {
        Set-Content -LiteralPath $file -Value "{`n  `"version`": 1,`n  `"users`": { oops }`n}"
        Get-FtpLiteAccount $file -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidAccountFile,FtpLite.PowerShell.Cmdlets.GetFtpLiteAccountCommand'
        $failed[0].Exception.Message | Should -Match 'line 3'
    }
}

Describe 'Start-FtpLiteServer -AccountPath' {
    BeforeAll {
        $folder = New-TestFolder -Prefix 'ftplite-accounts'
        $file = Join-Path $folder 'accounts.json'
        $shared = New-TestFolder -Prefix 'ftplite-accounts-shared'
        New-FtpLiteAccount -Path $file -Credential $acme -Home (Join-Path $folder 'acme') -ErrorAction Stop | Out-Null
        New-FtpLiteAccount -Path $file -Credential $globex -Home (Join-Path $folder 'globex') -Rights ReadOnly -ErrorAction Stop | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'globex/price-list.txt') -Value 'prices'
        $server = Start-FtpLiteServer -Root $shared -Port 0 -AccountPath $file -ErrorAction Stop
        $server | Register-TestServer
    }

    AfterEach {
        Disconnect-AllFtpLite
    }

    It 'logs each user in to its own folder with its own rights' {
        $upload = New-TestFile -Path (Join-Path (New-TestFolder) 'order.csv') -Length 100
        $session = Connect-FtpLite -Port $server.Port -Credential $acme -ErrorAction Stop
        Send-FtpLiteFile -Session $session -Path $upload -Destination / -ErrorAction Stop | Out-Null
        Disconnect-FtpLite -Session $session
        Join-Path $folder 'acme/order.csv' | Should -Exist

        $session = Connect-FtpLite -Port $server.Port -Credential $globex -ErrorAction Stop
        @(Get-FtpLiteItem -Session $session -ErrorAction Stop).Name | Should -Be @('price-list.txt')
        Send-FtpLiteFile -Session $session -Path $upload -Destination / -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Match '^FtpLite.CommandRefused,'
        Join-Path $folder 'globex/order.csv' | Should -Not -Exist
    }

    It 'gives a user added without rights every right in its home' {
        $upload = New-TestFile -Path (Join-Path (New-TestFolder) 'order.csv') -Length 100 -Seed 3
        $session = Connect-FtpLite -Port $server.Port -Credential $acme -ErrorAction Stop
        New-FtpLiteDirectory -Session $session -Path /made -ErrorAction Stop | Out-Null
        Send-FtpLiteFile -Session $session -Path $upload -Destination /made/ -ErrorAction Stop | Out-Null
        Send-FtpLiteFile -Session $session -Path $upload -Destination /made/ -Force -ErrorAction Stop | Out-Null
        Rename-FtpLiteItem -Session $session -Path /made/order.csv -NewName /made/renamed.csv -ErrorAction Stop
        $copy = New-TestFolder
        Receive-FtpLiteFile -Session $session -Path /made/renamed.csv -Destination $copy -ErrorAction Stop | Out-Null
        Get-TestFileHash (Join-Path $copy 'renamed.csv') | Should -Be (Get-TestFileHash $upload)
        Remove-FtpLiteItem -Session $session -Path /made -Recurse -Confirm:$false -ErrorAction Stop
        @(Get-FtpLiteItem -Session $session -Path / -ErrorAction Stop).Name | Should -Not -Contain 'made'
        Join-Path $folder 'acme/made' | Should -Not -Exist
    }

    It 'refuses a missing or broken account file (FtpLite.InvalidAccountFile)' {
        Start-FtpLiteServer -Root $shared -Port 0 -AccountPath (Join-Path $folder 'none.json') -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidAccountFile,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        $broken = Join-Path $folder 'broken.json'
        Set-Content -LiteralPath $broken -Value '{ "version": 7 }'
        Start-FtpLiteServer -Root $shared -Port 0 -AccountPath $broken -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidAccountFile,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        $failed[0].Exception.Message | Should -Match 'version 7'
    }
}

Describe 'Get-FtpLiteServer -Session and Stop-FtpLiteServerSession' {
    BeforeAll {
        $folder = New-TestFolder -Prefix 'ftplite-accounts'
        $file = Join-Path $folder 'accounts.json'
        New-FtpLiteAccount -Path $file -Credential $acme -Home (Join-Path $folder 'acme') -ErrorAction Stop | Out-Null
        New-FtpLiteAccount -Path $file -Credential $globex -Home (Join-Path $folder 'globex') -ErrorAction Stop | Out-Null
        $server = Start-FtpLiteServer -Root $folder -Port 0 -AccountPath $file -ErrorAction Stop
        $server | Register-TestServer
    }

    AfterAll {
        Disconnect-AllFtpLite
    }

    It 'lists each client with its user and ends the piped ones' {
        $first = Connect-FtpLite -Port $server.Port -Credential $acme -ErrorAction Stop
        $second = Connect-FtpLite -Port $server.Port -Credential $globex -ErrorAction Stop
        $sessions = @(Get-FtpLiteServer -Port $server.Port -Session)
        $sessions | Should -HaveCount 2
        $sessions[0] | Should -BeOfType ([FtpLite.Server.FtpServerSession])
        $sessions.UserName | Should -Be @('acme', 'globex')

        $sessions | Where-Object UserName -EQ 'acme' | Stop-FtpLiteServerSession -WhatIf
        @(Get-FtpLiteServer -Port $server.Port -Session) | Should -HaveCount 2
        $ended = $sessions | Where-Object UserName -EQ 'acme' | Stop-FtpLiteServerSession -PassThru -Confirm:$false -ErrorAction Stop
        $ended.UserName | Should -BeExactly 'acme'
        @(Get-FtpLiteServer -Port $server.Port -Session).UserName | Should -Be @('globex')
        @(Get-FtpLiteItem -Session $second -ErrorAction Stop) | Should -HaveCount 0
    }

    It 'ends the sessions it finds when one number has none' {
        $null = Connect-FtpLite -Port $server.Port -Credential $acme -ErrorAction Stop
        $id = (Get-FtpLiteServer -Port $server.Port -Session | Where-Object UserName -EQ 'acme').Id
        Stop-FtpLiteServerSession -Server $server -Id 999999, $id -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.ServerSessionNotFound,FtpLite.PowerShell.Cmdlets.StopFtpLiteServerSessionCommand'
        @(Get-FtpLiteServer -Port $server.Port -Session | Where-Object UserName -EQ 'acme') | Should -HaveCount 0
    }

    It 'reports a session that is not there (FtpLite.ServerSessionNotFound)' {
        Stop-FtpLiteServerSession -Server $server -Id 999999 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.ServerSessionNotFound,FtpLite.PowerShell.Cmdlets.StopFtpLiteServerSessionCommand'
    }
}
